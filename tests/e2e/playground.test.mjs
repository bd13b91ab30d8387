// End-to-end tests of the release build in dist/, run by `node --test` from scripts/test
// after `trunk build --release`. Each test gets the page fresh; the browser and the server
// are shared.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { basePath, distDir, launchBrowser, openPage, screenshot } from "./harness.mjs";
import { start } from "./server.mjs";

const PLAYGROUND = '[data-testid="playground"]';

let server;
let browser;

before(async () => {
  assert.ok(
    existsSync(join(distDir, "index.html")),
    `${distDir}/index.html is missing: build it first with \`trunk build --release\``,
  );
  server = await start(distDir, { base: basePath });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the release build loads and mounts the playground", { timeout: 60_000 }, async () => {
  const { page, context, consoleErrors, pageErrors } = await openPage(browser, server.url);
  try {
    const mounted = await page
      .locator(PLAYGROUND)
      .waitFor({ state: "visible", timeout: 20_000 })
      .then(
        () => true,
        () => false,
      );
    // Taken either way: when the playground never shows, the picture helps tell why.
    await screenshot(page, "playground");

    // Errors first, since they explain a playground that never appeared.
    assert.deepEqual(pageErrors, [], "uncaught exceptions in the page");
    assert.deepEqual(consoleErrors, [], "errors in the browser console");
    assert.deepEqual(server.failures(), [], "requests that failed");
    assert.ok(mounted, `${PLAYGROUND} never became visible`);
    assert.equal(await page.title(), "mini-kafka playground");
  } finally {
    await context.close();
  }
});
