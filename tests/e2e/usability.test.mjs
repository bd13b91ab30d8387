// What a person notices before any number: a page that fits a phone, a keyboard focus that
// stays in sight and lands somewhere sensible, and a clock that says when it cannot keep
// up. Run on the release build in dist/.

import assert from "node:assert/strict";
import { test } from "node:test";

import { openPage, screenshot } from "./harness.mjs";
import { byTestId, servedBuild, subscriberCard } from "./page.mjs";

const served = servedBuild();

const LONG_NAME = "customer_order_events_stream_warehouse_1";

/** How wide the page is, and which elements stick out past `width`. */
async function overflow(page, width) {
  return page.evaluate((width) => {
    const sticking = [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.getAttribute("class") ?? ""}`);
    return { scrollWidth: document.documentElement.scrollWidth, sticking: sticking.slice(0, 10) };
  }, width);
}

test("a 40-character topic name fits a 390 px phone", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator(byTestId("playground")).waitFor();
    await page.fill(byTestId("add-topic-name"), LONG_NAME);
    await page.click(byTestId("add-topic"));
    const topic = page.locator(`${byTestId("topic")}[data-topic="${LONG_NAME}"]`);
    await topic.waitFor();

    // Empty, the topic's bar in the one-column diagram is at its shortest, and its three
    // lines (name, count, "published") still sit inside it.
    const textOutside = await topic.locator(".fan-topic").evaluate((group) => {
      const bar = group.querySelector("rect").getBoundingClientRect();
      return [...group.querySelectorAll("text")]
        .map((text) => [text.textContent, text.getBoundingClientRect()])
        .filter(([, box]) => box.top < bar.top || box.bottom > bar.bottom || box.left < bar.left || box.right > bar.right)
        .map(([words]) => words);
    });
    assert.deepEqual(textOutside, []);

    // A publisher and a blocking subscriber on it: the blocked note names the topic too.
    await page.locator(byTestId("add-publisher-topic")).selectOption(LONG_NAME);
    await page.click(byTestId("add-publisher"));
    await page.locator(byTestId("add-subscriber-topic")).selectOption(LONG_NAME);
    await page.locator(byTestId("add-subscriber-policy")).selectOption("block");
    await page.fill(byTestId("add-subscriber-capacity"), "1");
    await page.fill(byTestId("add-subscriber-processing"), "3000");
    await page.click(byTestId("add-subscriber"));
    await topic.locator(byTestId("subscriber")).waitFor();
    for (let i = 0; i < 10; i += 1) {
      await page.click(byTestId("step"));
    }
    await topic.locator(byTestId("blocked-note")).waitFor();

    const { scrollWidth, sticking } = await overflow(page, 390);
    assert.ok(scrollWidth <= 390, `the page is ${scrollWidth} px wide; sticking out: ${sticking.join(", ")}`);
    const box = await topic.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the topic card spans ${box.x} to ${box.x + box.width}`);
    // The whole name is still there to read, wrapped rather than cut.
    assert.equal((await topic.locator(".topic-name").textContent()).trim(), LONG_NAME);
    await screenshot(page, "narrow-long-topic");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the demo fits a 390 px phone", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, served.server.url);
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator(byTestId("subscriber")).first().waitFor();
    await page.waitForTimeout(1_500);
    await page.click(byTestId("start"));
    const { scrollWidth, sticking } = await overflow(page, 390);
    assert.ok(scrollWidth <= 390, `the page is ${scrollWidth} px wide; sticking out: ${sticking.join(", ")}`);

    // The fan-out diagram is drawn in one column: every node is in view without scrolling
    // its frame sideways, and its labels are drawn at 12 px or more.
    const diagram = await page.locator(".fanout-frame").first().evaluate((frame) => {
      const svg = frame.querySelector("svg.fanout");
      const frameBox = frame.getBoundingClientRect();
      const outside = [...svg.querySelectorAll(".node")]
        .map((node) => node.getBoundingClientRect())
        .filter((box) => box.left < frameBox.left || box.right > frameBox.right).length;
      return {
        layout: svg.dataset.layout,
        scrolls: frame.scrollWidth > frame.clientWidth,
        nodes: svg.querySelectorAll(".node").length,
        outside,
        labelPx: 14 * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width),
      };
    });
    assert.equal(diagram.layout, "narrow");
    assert.equal(diagram.scrolls, false, "the diagram's frame does not scroll sideways");
    assert.equal(diagram.nodes, 5, "the topic, P1, A, B and C");
    assert.equal(diagram.outside, 0, "no node sticks out of the frame");
    assert.ok(diagram.labelPx >= 12, `node labels are drawn at ${diagram.labelPx} px`);
    await screenshot(page, "narrow-demo");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

/**
 * Presses Shift+Tab from the end of the page to its top and returns every focused element
 * that the sticky controls bar covered, even in part.
 */
async function focusStopsUnderTheBar(page) {
  await page.locator(byTestId("filter-block")).focus();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const hidden = [];
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press("Shift+Tab");
    const stop = await page.evaluate(() => {
      const focused = document.activeElement;
      const bar = document.querySelector(".controls");
      if (!focused || focused === document.body || bar.contains(focused)) {
        return { done: true };
      }
      const box = focused.getBoundingClientRect();
      const covered = box.top < bar.getBoundingClientRect().bottom && box.bottom > 0;
      const name = focused.getAttribute("data-testid") ?? focused.getAttribute("aria-label") ?? focused.tagName;
      return { done: false, covered, name, top: Math.round(box.top) };
    });
    if (stop.done) {
      return hidden;
    }
    if (stop.covered) {
      hidden.push(`${stop.name} at ${stop.top}`);
    }
  }
  return hidden;
}

test("Shift+Tab up the page never hides the focus behind the sticky bar", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, served.server.url);
  try {
    await page.locator(byTestId("subscriber")).first().waitFor();
    await page.waitForTimeout(1_000);
    await page.click(byTestId("start"));
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 700 });
      const hidden = await focusStopsUnderTheBar(page);
      assert.deepEqual(hidden, [], `at ${width} px, the bar covered the focus on`);
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the focus lands somewhere sensible after Escape, ✕ and Close", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
  try {
    await page.locator(byTestId("playground")).waitFor();
    const topic = page.locator(`${byTestId("topic")}[data-topic="orders"]`);

    await topic.locator(byTestId("rename-topic")).focus();
    await page.keyboard.press("Enter");
    await topic.locator(byTestId("rename-topic-name")).waitFor();
    await page.keyboard.type("draft");
    await page.keyboard.press("Escape");
    await topic.locator(byTestId("rename-topic")).waitFor();
    assert.equal(await focusedTestId(), "rename-topic", "Escape returns to Rename");

    await page.click(byTestId("add-publisher"));
    await page.click(byTestId("add-subscriber"));
    await page.click(byTestId("add-subscriber"));
    const a = subscriberCard(page, "A");
    await subscriberCard(page, "B").waitFor();
    await a.locator(byTestId("remove")).focus();
    await page.keyboard.press("Enter");
    await a.waitFor({ state: "detached" });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
      "Remove subscriber B",
      "A's ✕ hands the focus to B's",
    );

    await topic.locator(byTestId("close-topic")).focus();
    await page.keyboard.press("Enter");
    await topic.locator(byTestId("topic-closed")).waitFor();
    assert.equal(await focusedTestId(), "topic-heading", "Close hands the focus to the heading");
    // Tab goes on from there, not from the top of the page.
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(), "rename-topic");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the speed control says when the clock cannot keep up", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.locator(byTestId("playground")).waitFor();
    await page.fill(byTestId("add-publisher-rate"), "10000");
    await page.click(byTestId("add-publisher"));
    await page.fill(byTestId("add-subscriber-capacity"), "100");
    await page.fill(byTestId("add-subscriber-processing"), "0");
    for (let i = 0; i < 8; i += 1) {
      await page.click(byTestId("add-subscriber"));
    }
    await subscriberCard(page, "H").waitFor();
    await page.locator(byTestId("speed")).selectOption("100");
    await page.click(byTestId("start"));

    const pace = page.locator(byTestId("pace"));
    await pace.waitFor({ timeout: 10_000 });
    assert.match(await pace.textContent(), /^running at [\d.]+× \(can’t keep up with 100×\)$/);
    await screenshot(page, "pace");

    await page.locator(byTestId("speed")).selectOption("0.1");
    await page.waitForTimeout(1_500);
    assert.equal(await pace.count(), 0, "0.1× keeps up, and the indicator is gone");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
