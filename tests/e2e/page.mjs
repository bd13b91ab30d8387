// What every e2e file does to the playground: serve the release build to one shared browser,
// find elements by test id, fill the add forms, read the numbers the cards show, and move
// the clock. One copy here, so that a renamed test id or a new form field is one change,
// not five.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";

import { basePath, distDir, launchBrowser } from "./harness.mjs";
import { start } from "./server.mjs";

/**
 * Serves dist/ under E2E_BASE (default "/") to one headless Chromium for the whole file:
 * registers node:test `before` and `after` hooks that start both and close both.
 *
 * Hooks run after the file's top level, so the fields are filled in only once the tests
 * run; read them inside a test, never destructure them at the top.
 *
 * @returns {{ server: Awaited<ReturnType<typeof start>> | undefined,
 *             browser: import("playwright-core").Browser | undefined }}
 */
export function servedBuild() {
  const served = { server: undefined, browser: undefined };
  before(async () => {
    // Without a build every test would fail on a blank page; say what is missing instead.
    assert.ok(
      existsSync(join(distDir, "index.html")),
      `${distDir}/index.html is missing: build it first with \`trunk build --release\``,
    );
    served.server = await start(distDir, { base: basePath });
    served.browser = await launchBrowser();
  });
  after(async () => {
    await served.browser?.close();
    await served.server?.close();
  });
  return served;
}

/** The CSS selector of the element with `data-testid="ID"`. */
export const byTestId = (id) => `[data-testid="${id}"]`;

/** The card of the publisher called `name` (P1, P2, …). */
export const publisherCard = (page, name) =>
  page.locator(`${byTestId("publisher")}[data-name="${name}"]`);

/** The card of the subscriber called `name` (A, B, …). */
export const subscriberCard = (page, name) =>
  page.locator(`${byTestId("subscriber")}[data-name="${name}"]`);

/**
 * Sets an input's or a select's value the way a person would, so that the app sees the
 * same events as from typing or picking.
 */
export async function setField(page, locator, value) {
  const field = page.locator(locator);
  const tag = await field.evaluate((element) => element.tagName);
  if (tag === "SELECT") {
    await field.selectOption(String(value));
  } else {
    await field.fill(String(value));
  }
}

/** Adds a publisher to the first topic through the form. */
export async function addPublisher(page, { rate, pattern }) {
  await setField(page, byTestId("add-publisher-rate"), rate);
  await setField(page, byTestId("add-publisher-pattern"), pattern);
  await page.click(byTestId("add-publisher"));
}

/**
 * Adds a subscriber to the first topic through the form. The policy is picked only when
 * given; otherwise the form keeps whatever it shows, as a person who skips the field would.
 */
export async function addSubscriber(page, { capacity, processingMs, policy }) {
  await setField(page, byTestId("add-subscriber-capacity"), capacity);
  await setField(page, byTestId("add-subscriber-processing"), processingMs);
  if (policy !== undefined) {
    await setField(page, byTestId("add-subscriber-policy"), policy);
  }
  await page.click(byTestId("add-subscriber"));
}

/** Reads a number shown inside `scope`, failing loudly if it is not one. */
export async function readNumber(scope, testId) {
  const text = (await scope.locator(byTestId(testId)).first().textContent()).trim();
  const value = Number(text);
  assert.ok(Number.isInteger(value), `${testId} should show a whole number, shows "${text}"`);
  return value;
}

/** The simulated seconds the clock shows in `scope`: a page, or an embed's frame. */
export async function simulatedSeconds(scope) {
  return Number.parseFloat(await scope.locator(byTestId("sim-time")).textContent());
}

/** Runs the simulation until it shows at least `seconds` of simulated time, then pauses. */
export async function runFor(page, seconds) {
  await page.click(byTestId("start"));
  await page.waitForFunction(
    ([selector, target]) => Number.parseFloat(document.querySelector(selector)?.textContent) >= target,
    [byTestId("sim-time"), seconds],
    { timeout: 30_000 },
  );
  await page.click(byTestId("start"));
  // One more frame so the paused state is what the DOM shows.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
}

/**
 * Presses Step `times` times and waits until the clock shows where that leads: 0.1
 * simulated seconds a press, so every run sees the same instants.
 */
export async function step(page, times) {
  const before = await simulatedSeconds(page);
  for (let i = 0; i < times; i += 1) {
    await page.click(byTestId("step"));
  }
  const target = before + times * 0.1 - 1e-6;
  await page.waitForFunction(
    ([selector, target]) => Number.parseFloat(document.querySelector(selector)?.textContent) >= target,
    [byTestId("sim-time"), target],
  );
}

/** Moves the paused clock to `seconds` with the Go to field, and waits until it shows. */
export async function goTo(page, seconds) {
  await page.fill(byTestId("goto-time"), String(seconds));
  await page.click(byTestId("goto"));
  await page.waitForFunction(
    ([selector, target]) => Number.parseFloat(document.querySelector(selector)?.textContent) === target,
    [byTestId("sim-time"), seconds],
    { timeout: 10_000 },
  );
}
