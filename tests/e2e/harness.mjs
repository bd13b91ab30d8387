// Shared pieces of the e2e tests: Debian's Chromium driven by playwright-core, and a page
// that records everything that went wrong while it ran.
//
// Never `playwright` or `npx playwright install`: those download a browser of their own,
// and this machine reaches only package registries.

import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));

/** The folder the e2e tests serve: the release build that `scripts/test` makes. */
export const distDir = process.env.E2E_DIST ?? join(here, "..", "..", "dist");

/**
 * The path the build is served under: "/" by default, or the `--public-url` it was built
 * with, to test a build meant for a sub-path.
 */
export const basePath = process.env.E2E_BASE ?? "/";

/** Where screenshots go; gitignored. */
export const screenshotDir = join(here, "screenshots");

// Running as root needs --no-sandbox. The rest keep Chromium from reaching for Google's
// servers: this machine's closed network refuses them, noisily, many at a time.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches headless Chromium (CHROMIUM overrides /usr/bin/chromium). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/**
 * Opens `url` in a fresh context with a fixed 1280x800 viewport, so screenshots compare.
 * `consoleErrors` collects console.error output, CSP violations and failed loads;
 * `pageErrors` collects uncaught exceptions, a Rust panic included.
 *
 * @param {import("playwright-core").Browser} browser
 * @param {string} url
 */
export async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      const { url: source, lineNumber } = message.location();
      consoleErrors.push(`${message.text()} (${source}:${lineNumber})`);
    }
  });
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(url);
  return { page, context, consoleErrors, pageErrors };
}

/** Saves a full-page screenshot as screenshots/NAME.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
