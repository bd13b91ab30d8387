// Following one message on the release build: pick a row of the event log by mouse or
// keyboard, also while the clock runs (the log holds still under the pointer), or type a
// message number, and read what became of each copy in the lineage table, on a desktop and
// on a 390 px phone in dark mode. The publisher's payload is markup, which must stay text.
//
// The setup is the policies test's: P1 at 10/s, A fast with four slots, B slow with two.
// The clock moves by Step, 0.1 simulated seconds a click, so every run sees the same
// instants.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { openPage, screenshot } from "./harness.mjs";
import { addPublisher, addSubscriber, byTestId, servedBuild, step, subscriberCard } from "./page.mjs";

const served = servedBuild();

const MARKUP = "<img src=x onerror=alert({n})>";

const AXE_SOURCE = readFile(
  join(dirname(fileURLToPath(import.meta.url)), "node_modules", "axe-core", "axe.min.js"),
  "utf8",
);

/** The serious and critical axe-core violations inside the lineage panel and the log. */
async function auditLineage(page) {
  await page.evaluate(`${await AXE_SOURCE}\n;void 0`);
  return page.evaluate(async () => {
    const scope = { include: [["[data-testid=lineage-panel]"], ["[data-testid=event-log]"]] };
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
    const results = await window.axe.run(scope, { runOnly: { type: "tag", values: tags } });
    return results.violations
      .filter((violation) => ["serious", "critical"].includes(violation.impact))
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(", ")}`);
  });
}

/** Opens the empty start at `width`, builds P1, A and B, and runs one simulated second. */
async function slowB({ width, height, colorScheme }) {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme });
  const dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.locator(byTestId("playground")).waitFor();
  await addPublisher(page, { rate: 10, pattern: MARKUP });
  await addSubscriber(page, { capacity: 4, processingMs: 10, policy: "drop-newest" });
  await addSubscriber(page, { capacity: 2, processingMs: 1000, policy: "drop-newest" });
  await subscriberCard(page, "B").waitFor();
  await step(page, 10);
  return { page, context, pageErrors, dialogs };
}

/** Each row of the lineage table as { subscriber, fate, level, reason }. */
async function copies(page) {
  return page.locator(byTestId("lineage-copy")).evaluateAll((rows) =>
    rows.map((row) => ({
      subscriber: row.dataset.subscriber,
      fate: row.dataset.fate,
      level: row.querySelector(".lineage-level").textContent.trim(),
      reason: row.querySelector(".lineage-reason").textContent.trim(),
    })),
  );
}

/** Clicks the newest drop in the log and checks B's dropped copy and A's delivered one. */
async function followNewestDrop(page) {
  const row = page.locator(`${byTestId("event")}[data-kind="drop"] ${byTestId("event-follow")}`).first();
  const id = await row.getAttribute("data-message");
  await row.click();
  await page.locator(`${byTestId("lineage")}[data-message="${id}"]`).waitFor();
  assert.equal(await row.getAttribute("aria-pressed"), "true");
  assert.equal((await page.locator(byTestId("lineage-id")).textContent()).trim(), `m${id}`);
  assert.deepEqual(await copies(page), [
    { subscriber: "A", fate: "delivered", level: "0/4", reason: "received" },
    { subscriber: "B", fate: "dropped", level: "2/2", reason: "buffer full (drop-newest)" },
  ]);
  return id;
}

/** The payload cell holds the markup as literal text, and nothing was made of it. */
async function payloadIsText(page, id, dialogs) {
  const payload = page.locator(byTestId("lineage-payload"));
  assert.equal(await payload.textContent(), `<img src=x onerror=alert(${id})>`);
  assert.equal(await payload.evaluate((element) => element.childElementCount), 0);
  assert.equal(await page.locator(`${byTestId("lineage-panel")} img`).count(), 0);
  assert.equal(await page.locator(`${byTestId("event-log")} img`).count(), 0);
  assert.deepEqual(dialogs, [], "no script ran from a payload");
}

test("a drop in the log leads to every copy of its message", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors, dialogs } = await slowB({ width: 1280, height: 800, colorScheme: "light" });
  try {
    const id = await followNewestDrop(page);
    await payloadIsText(page, id, dialogs);
    assert.deepEqual(await auditLineage(page), [], "serious or critical axe violations");
    await screenshot(page, "lineage-desktop");

    // The panel sits above the log; the log's header says so and takes the person there.
    const toLineage = page.locator(byTestId("event-log-to-lineage"));
    assert.equal((await toLineage.textContent()).trim(), `Lineage of m${id} above ↑`);
    const headingInView = () => {
      const { top, bottom } = document.getElementById("lineage-title").getBoundingClientRect();
      const bar = document.querySelector('[data-testid="start"]').closest("section").getBoundingClientRect();
      return top >= bar.bottom - 1 && bottom <= innerHeight;
    };
    // The log's head at the top of the window, as when reading the log.
    await toLineage.evaluate((button) => button.scrollIntoView({ block: "start" }));
    assert.equal(await page.evaluate(headingInView), false, "the heading is out of sight from the button");
    await toLineage.click();
    await page.waitForFunction(headingInView);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "lineage-title", "the focus follows");

    // By keyboard: focus the newest delivery row and press Enter, then Space on another.
    const deliveries = page.locator(`${byTestId("event")}[data-kind="deliver"] ${byTestId("event-follow")}`);
    await deliveries.first().focus();
    const delivered = await deliveries.first().getAttribute("data-message");
    await page.keyboard.press("Enter");
    await page.locator(`${byTestId("lineage")}[data-message="${delivered}"]`).waitFor();
    const publishes = page.locator(`${byTestId("event")}[data-kind="publish"] ${byTestId("event-follow")}`);
    const published = await publishes.nth(1).getAttribute("data-message");
    await publishes.nth(1).focus();
    await page.keyboard.press("Space");
    await page.locator(`${byTestId("lineage")}[data-message="${published}"]`).waitFor();

    // By number: m2 waits in B's full buffer, and moves on live as the clock does.
    await page.fill(byTestId("lineage-message"), "2");
    await page.keyboard.press("Enter");
    await page.locator(`${byTestId("lineage")}[data-message="2"]`).waitFor();
    const queued = (await copies(page)).find((copy) => copy.subscriber === "B");
    assert.deepEqual(queued, {
      subscriber: "B",
      fate: "queued",
      level: "2/2",
      reason: "in the buffer, not received yet",
    });
    await step(page, 2);
    const taken = (await copies(page)).find((copy) => copy.subscriber === "B");
    assert.deepEqual(taken, { subscriber: "B", fate: "delivered", level: "1/2", reason: "received" });

    // Closing returns the focus to the number field.
    await page.click(byTestId("lineage-close"));
    await page.locator(byTestId("lineage")).waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement?.id), "lineage-message");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

/** The hold's status line: whether the log is held and how many newer events wait. */
async function holdState(page) {
  return page.locator(byTestId("event-log-hold")).evaluate((line) => ({
    held: line.dataset.held === "true",
    waiting: Number(line.dataset.waiting),
    text: line.textContent.trim(),
  }));
}

/**
 * Clicks the `nth` row that names a message with a real pointer while the clock runs: the
 * pointer comes onto the log, which holds still; the press and the release land on the same
 * row although newer events arrive between them. Returns the message of that row.
 */
async function clickRowWhileRunning(page, nth) {
  const list = page.locator(byTestId("event-list"));
  await list.scrollIntoViewIfNeeded();
  const box = await list.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 4);
  await page.waitForFunction(
    (selector) => document.querySelector(selector)?.dataset.held === "true",
    byTestId("event-log-hold"),
  );
  const row = page.locator(byTestId("event-follow")).nth(nth);
  // Scrolling the held list brings the row into its view; the rows stay as they are.
  await row.evaluate((element) => element.scrollIntoView({ block: "nearest" }));
  const target = await row.boundingBox();
  const [x, y] = [target.x + target.width / 2, target.y + target.height / 2];
  await page.mouse.move(x, y);
  const id = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.closest("[data-testid=event-follow]")?.dataset.message,
    [x, y],
  );
  assert.equal(id, await row.getAttribute("data-message"), `row ${nth} is not under the pointer`);

  await page.mouse.down();
  // Newer events arrive between the press and the release, as they do for a person.
  const { waiting } = await holdState(page);
  await page.waitForFunction(
    ([selector, before]) => Number(document.querySelector(selector)?.dataset.waiting) >= before + 5,
    [byTestId("event-log-hold"), waiting],
  );
  const during = await holdState(page);
  assert.ok(during.held, "the log holds while the pointer is over it");
  assert.match(during.text, /^❚❚ Held while the pointer is over the log · \d+ newer events?$/);
  await page.mouse.up();

  // The panel follows that message, whether its lineage is still kept or not.
  await page.locator(`${byTestId("lineage-close")}[aria-label="Close the lineage of m${id}"]`).waitFor();
  assert.equal(await row.getAttribute("aria-pressed"), "true");
  assert.equal(await row.getAttribute("data-message"), id, "the clicked row moved");

  // Leaving releases the log: the newest events are on top again.
  await page.mouse.move(1, 1);
  await page.waitForFunction(
    (selector) => document.querySelector(selector)?.dataset.held === "false",
    byTestId("event-log-hold"),
  );
  return id;
}

test("a row clicked while the clock runs is the row followed", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors, dialogs } = await slowB({ width: 1280, height: 800, colorScheme: "light" });
  try {
    await page.click(byTestId("start"));
    await page.waitForFunction(
      (selector) => Number.parseFloat(document.querySelector(selector)?.textContent) >= 2,
      byTestId("sim-time"),
    );
    const id = await clickRowWhileRunning(page, 3);
    await page.locator(`${byTestId("lineage")}[data-message="${id}"]`).waitFor();
    assert.equal((await page.locator(byTestId("lineage-id")).textContent()).trim(), `m${id}`);
    await payloadIsText(page, id, dialogs);
    const newest = await page.locator(byTestId("event-follow")).first().getAttribute("data-message");
    assert.ok(Number(newest) > Number(id), `the newest row is m${newest} after m${id}`);
    assert.deepEqual(await auditLineage(page), [], "serious or critical axe violations");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("under heavy load every click on a running log follows its row", { timeout: 120_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?preset=heavy-load`);
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator(byTestId("event-follow")).first().waitFor();
    assert.equal((await page.locator(byTestId("start")).textContent()).trim(), "Pause");
    const followed = [];
    for (const nth of [0, 2, 4, 6, 8, 10, 12, 14]) {
      followed.push(await clickRowWhileRunning(page, nth));
    }
    assert.equal(new Set(followed).size, 8, `followed ${followed.join(", ")}`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the lineage table fits a 390 px phone in dark mode", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors, dialogs } = await slowB({ width: 390, height: 844, colorScheme: "dark" });
  try {
    const id = await followNewestDrop(page);
    await payloadIsText(page, id, dialogs);

    const panel = page.locator(byTestId("lineage-panel"));
    await panel.scrollIntoViewIfNeeded();
    const box = await panel.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the panel spans ${box.x} to ${box.x + box.width}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide`);
    // The table fits without scrolling sideways.
    const table = await page
      .locator(".lineage-scroll")
      .evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    assert.ok(table.scroll <= table.client, `the table is ${table.scroll} px in ${table.client} px`);
    // The time and the buffer level read as two columns: space and a rule between them.
    const gap = await page.locator(byTestId("lineage-copy")).first().evaluate((row) => {
      const text = (cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return range.getBoundingClientRect();
      };
      const level = row.querySelector(".lineage-level");
      return {
        space: text(level).left - text(row.querySelector(".lineage-time")).right,
        rule: getComputedStyle(level).borderLeftStyle,
      };
    });
    assert.ok(gap.space >= 10, `${gap.space} px between the time and the buffer level`);
    assert.equal(gap.rule, "solid");
    // Dark mode: the panel is drawn light on dark.
    const [text, background] = await panel.evaluate((element) => {
      const style = getComputedStyle(element);
      const channels = (colour) => colour.match(/\d+/g).slice(0, 3).map(Number);
      const sum = (colour) => channels(colour).reduce((a, b) => a + b, 0);
      return [sum(style.color), sum(style.backgroundColor)];
    });
    assert.ok(background < 200 && text > 500, `text ${text} on background ${background}`);
    assert.deepEqual(await auditLineage(page), [], "serious or critical axe violations");
    await screenshot(page, "lineage-phone-dark");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
