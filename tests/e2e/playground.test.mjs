// End-to-end tests of the release build in dist/, run by `node --test` from scripts/test
// after `trunk build --release`. Each test gets the page fresh; the browser and the server
// are shared.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { distDir, launchBrowser, openPage, screenshot } from "./harness.mjs";
import { start } from "./server.mjs";

const PLAYGROUND = '[data-testid="playground"]';

let server;
let browser;

before(async () => {
  assert.ok(
    existsSync(join(distDir, "index.html")),
    `${distDir}/index.html is missing: build it first with \`trunk build --release\``,
  );
  server = await start(distDir);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the release build loads and mounts the playground", { timeout: 60_000 }, async () => {
  const { page, context, consoleErrors, pageErrors } = await openPage(browser, server.url);
  try {
    // The screenshot is taken even when the playground never shows, to see why.
    const mounted = page.locator(PLAYGROUND).waitFor({ state: "visible", timeout: 20_000 });
    await mounted.catch(() => {});
    await screenshot(page, "playground");
    await mounted;

    assert.equal(await page.title(), "mini-kafka playground");
    assert.deepEqual(pageErrors, [], "uncaught exceptions in the page");
    assert.deepEqual(consoleErrors, [], "errors in the browser console");
    assert.deepEqual(server.failures(), [], "requests that failed");
  } finally {
    await context.close();
  }
});
