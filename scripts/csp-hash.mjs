// trunk post_build hook: admit trunk's inline loader script under the page's
// Content-Security-Policy, without 'unsafe-inline'.
//
// trunk replaces <link data-trunk rel="rust"> with an inline <script type="module"> that
// imports the content-hashed JS file and starts the wasm. Its text changes with every build
// and with --public-url, so its hash cannot be written into index.html by hand. This hook
// reads the built page in trunk's staging folder, hashes every inline script and adds the
// hashes to the script-src of the CSP <meta> that index.html carries.
//
// `trunk serve` is the exception. It also injects its auto-reload script, and its server
// rewrites that script's text when it sends the page, after this hook, so no hash made here
// could match. Dev builds therefore get 'unsafe-inline' in script-src instead of hashes; the
// rest of the policy still applies. Release output from `trunk build` never has it.

import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("csp-hash: TRUNK_STAGING_DIR is not set; run me as a trunk post_build hook");
  process.exit(1);
}
const page = join(staging, "index.html");
const html = await readFile(page, "utf8");

const csp = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;
const meta = html.match(csp);
if (!meta) {
  console.log("csp-hash: index.html has no Content-Security-Policy meta; nothing to do");
  process.exit(0);
}

// The placeholder that trunk's server fills in the auto-reload script.
const isDevServer = html.includes("{{__TRUNK_ADDRESS__}}");

let sources;
if (isDevServer) {
  sources = ["'unsafe-inline'"];
} else {
  // The text between the tags is exactly what the browser hashes. Scripts with a src are
  // covered by 'self', and data blocks (JSON and the like) are never run.
  const runs = (attrs) => {
    const type = attrs.match(/\btype\s*=\s*"([^"]*)"/i)?.[1].toLowerCase() ?? "";
    return ["", "module", "text/javascript", "application/javascript"].includes(type);
  };
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].filter(
    ([, attrs, text]) => !/\bsrc\s*=/i.test(attrs) && text.trim() !== "" && runs(attrs),
  );
  sources = scripts.map(
    ([, , text]) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`,
  );
}

const policy = meta[2];
if (!/(^|;)\s*script-src\s/.test(policy)) {
  console.error("csp-hash: the Content-Security-Policy in index.html has no script-src");
  process.exit(1);
}
const updated = policy.replace(
  /((?:^|;)\s*script-src\s[^;]*?)(\s*(?:;|$))/,
  (_, directive, end) => `${directive} ${sources.join(" ")}${end}`,
);
await writeFile(page, html.replace(csp, (_, open, _policy, close) => open + updated + close));

console.log(
  isDevServer
    ? "csp-hash: dev server build: script-src gets 'unsafe-inline' for trunk's auto-reload script"
    : `csp-hash: script-src admits ${sources.length} inline script(s) by sha256 hash`,
);
