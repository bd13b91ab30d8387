// End-to-end tests of the release build in dist/, run by `node --test` from scripts/test
// after `trunk build --release`. Each test gets the page fresh; the browser and the server
// are shared.

import assert from "node:assert/strict";
import { test } from "node:test";

import { openPage, screenshot } from "./harness.mjs";
import { servedBuild } from "./page.mjs";

const PLAYGROUND = '[data-testid="playground"]';

const served = servedBuild();

test("the release build loads and mounts the playground", { timeout: 60_000 }, async () => {
  const { page, context, consoleErrors, pageErrors } = await openPage(served.browser, served.server.url);
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
    assert.deepEqual(served.server.failures(), [], "requests that failed");
    assert.ok(mounted, `${PLAYGROUND} never became visible`);
    assert.equal(await page.title(), "mini-kafka playground");

    // The build's Content-Security-Policy admits trunk's loader by its hash, never every
    // inline script; a violation would have been a console error above.
    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute("content");
    const scripts = policy.split(";").map((part) => part.trim()).find((part) => part.startsWith("script-src"));
    assert.match(scripts, /'sha256-[A-Za-z0-9+/=]+'/, policy);
    assert.doesNotMatch(scripts, /unsafe-inline/, policy);
    assert.match(policy, /object-src 'none'/);
  } finally {
    await context.close();
  }
});
