// A tiny static file server for the e2e tests: serves a built dist/ folder on an ephemeral
// loopback port, with the MIME types browsers insist on (application/wasm for streaming
// compilation, text/javascript for module scripts). It records every response, so a test
// can check that the page asked for nothing that was missing.

import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, resolve, sep } from "node:path";

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves `dir` at `http://127.0.0.1:PORT{base}` until `close()`.
 *
 * `base` is the path the build is served under: "/" for a default `trunk build`, or the
 * value given to `trunk build --public-url`. `responses` lists `{ method, path, status }` for
 * every request, and `failures()` only those with a status of 400 or more.
 *
 * @param {string} dir
 * @param {{ base?: string }} [options]
 */
export async function start(dir, { base = "/" } = {}) {
  const root = resolve(dir);
  const responses = [];

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const reply = (status, headers, body) => {
      responses.push({ method: request.method, path, status });
      response.writeHead(status, headers);
      response.end(request.method === "HEAD" ? undefined : body);
    };

    if (!path.startsWith(base)) {
      reply(404, { "content-type": "text/plain" }, "not under the base path\n");
      return;
    }
    let relative = decodeURIComponent(path.slice(base.length));
    if (relative === "" || relative.endsWith("/")) {
      relative += "index.html";
    }
    // Never leave the served folder, whatever `..` the request holds.
    const file = resolve(root, relative);
    if (!file.startsWith(root + sep)) {
      reply(403, { "content-type": "text/plain" }, "outside the served folder\n");
      return;
    }

    try {
      const body = await readFile(file);
      reply(
        200,
        {
          "content-type": MIME_TYPES[extname(file)] ?? "application/octet-stream",
          "content-length": body.length,
          "cache-control": "no-store",
        },
        body,
      );
    } catch (error) {
      const missing = error.code === "ENOENT" || error.code === "EISDIR";
      reply(missing ? 404 : 500, { "content-type": "text/plain" }, `${error.code}\n`);
    }
  });

  await new Promise((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(0, "127.0.0.1", resolveListen);
  });
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}${base}`,
    responses,
    failures: () => responses.filter(({ status }) => status >= 400),
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
