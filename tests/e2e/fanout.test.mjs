// The foundation's scenario, clicked through on the release build: one publisher fans out to
// three subscribers, one of them slow with a buffer of two. Fast subscribers must receive
// every message, the slow one must drop some, and every count must add up.

import assert from "node:assert/strict";
import { test } from "node:test";

import { openPage, screenshot } from "./harness.mjs";
import {
  addPublisher,
  addSubscriber,
  byTestId,
  publisherCard,
  readNumber,
  runFor,
  servedBuild,
  setField,
  simulatedSeconds,
  subscriberCard,
} from "./page.mjs";

const served = servedBuild();

async function subscriberCounts(page, name) {
  const card = subscriberCard(page, name);
  const counts = {};
  for (const key of ["offered", "delivered", "dropped", "queued", "discarded"]) {
    counts[key] = await readNumber(card, key);
  }
  counts.fill = (await card.locator(byTestId("fill")).textContent()).trim();
  return counts;
}

test("fast subscribers receive every message while the slow one drops", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.locator(byTestId("playground")).waitFor();
    await addPublisher(page, { rate: 10, pattern: "order #{n}" });
    await addSubscriber(page, { capacity: 4, processingMs: 10 });
    await addSubscriber(page, { capacity: 4, processingMs: 10 });
    await addSubscriber(page, { capacity: 2, processingMs: 500 });
    await subscriberCard(page, "C").waitFor();
    await setField(page, byTestId("speed"), 10);

    await runFor(page, 8);

    const topic = page.locator(`${byTestId("topic")}[data-topic="orders"]`);
    const published = await readNumber(topic, "topic-published");
    const publisher = publisherCard(page, "P1");
    assert.equal(await readNumber(publisher, "published"), published);
    assert.equal(await readNumber(topic, "topic-subscribers"), 3);
    assert.ok(published >= 79, `8 simulated seconds at 10/s publish about 80, saw ${published}`);

    for (const name of ["A", "B"]) {
      const fast = await subscriberCounts(page, name);
      assert.equal(fast.offered, published, `${name} was offered every message`);
      assert.equal(fast.delivered, published, `${name} received every message`);
      assert.equal(fast.dropped, 0, `${name} dropped nothing`);
    }

    const slow = await subscriberCounts(page, "C");
    assert.equal(slow.offered, published);
    assert.ok(slow.dropped > 0, "the slow subscriber dropped some");
    assert.ok(slow.delivered > 0, "the slow subscriber received some");
    assert.equal(slow.delivered + slow.dropped + slow.queued + slow.discarded, published);
    assert.match(slow.fill, /^[0-2] of 2$/);

    // The drops are visible at the slow subscriber and in the event log.
    assert.ok((await page.locator(byTestId("drop-mark")).count()) > 0, "a drop is marked");
    assert.ok((await page.locator(`${byTestId("event")}[data-kind="drop"]`).count()) > 0);

    await screenshot(page, "fanout");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

/** How far along its edge each travelling mark of the actor drawn in `group` is, 0 to 1. */
async function markFractions(group) {
  return group.evaluate((element) => {
    const edge = element.querySelector("line.edge");
    const [x1, x2] = ["x1", "x2"].map((name) => Number(edge.getAttribute(name)));
    return [...element.querySelectorAll(".marks circle")]
      .map((dot) => (Number(dot.getAttribute("cx")) - x1) / (x2 - x1))
      .sort((a, b) => a - b);
  });
}

test("at 100x the marks spread over the whole edge, as at 1x", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.locator(byTestId("playground")).waitFor();
    await addPublisher(page, { rate: 10, pattern: "tick {n}" });
    await addSubscriber(page, { capacity: 4, processingMs: 10 });
    await subscriberCard(page, "A").waitFor();
    await setField(page, byTestId("speed"), 100);
    // A mark travels an edge for 40 simulated seconds at 100x; a minute fills the edges.
    await runFor(page, 60);

    for (const group of [page.locator(".fan-publisher"), page.locator(".fan-subscriber")]) {
      const fractions = await markFractions(group);
      assert.ok(fractions.length >= 5, `${fractions.length} marks on the edge: ${fractions}`);
      assert.ok(fractions[0] <= 0.25, `the newest mark is near the start: ${fractions}`);
      assert.ok(fractions.at(-1) >= 0.75, `the oldest mark is near the end: ${fractions}`);
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("when the clock cannot keep up, the marks travel at the pace it achieves", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?preset=heavy-load`);
  try {
    await page.locator(byTestId("subscriber")).first().waitFor();
    await page.locator(byTestId("speed")).selectOption("100");
    // A million deliveries per simulated second: no page keeps up with 100x.
    await page.locator(byTestId("pace")).waitFor({ timeout: 20_000 });
    const from = await simulatedSeconds(page);
    await page.waitForFunction(
      ([selector, target]) => Number.parseFloat(document.querySelector(selector)?.textContent) >= target,
      [byTestId("sim-time"), from + 4],
      { timeout: 30_000 },
    );
    await page.click(byTestId("start"));
    // Stretched by the chosen 100x, a mark would take 40 simulated seconds to cross its
    // edge, and all of them would sit in its first tenth.
    const fractions = await markFractions(page.locator(".fan-publisher").first());
    assert.ok(fractions.length >= 4, `${fractions.length} marks on the edge: ${fractions}`);
    assert.ok(fractions.at(-1) >= 0.5, `the oldest mark is past the middle: ${fractions}`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("closing a topic drains subscribers and the publisher shows Go's panic", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.locator(byTestId("playground")).waitFor();
    await addPublisher(page, { rate: 10, pattern: "job {n}" });
    await addSubscriber(page, { capacity: 3, processingMs: 400 });
    await setField(page, byTestId("speed"), 10);
    await runFor(page, 3);

    const topic = page.locator(`${byTestId("topic")}[data-topic="orders"]`);
    await topic.locator(byTestId("close-topic")).click();
    await runFor(page, 6);

    await topic.locator(byTestId("topic-closed")).waitFor();
    const subscriber = await subscriberCounts(page, "A");
    assert.equal(subscriber.queued, 0, "the buffer was drained");
    assert.equal(subscriber.delivered + subscriber.dropped, subscriber.offered);
    const status = page.locator(`${byTestId("publisher")}[data-name="P1"] ${byTestId("status")}`);
    assert.match(await status.textContent(), /panic: send on closed channel/);
    const card = subscriberCard(page, "A");
    assert.equal((await card.locator(byTestId("status")).textContent()).trim(), "closed (drained)");
    // The diagram says so too, in the topic's node and in A's.
    assert.match(await page.locator(".fan-topic").textContent(), /closed/);
    assert.match(await page.locator(".fan-subscriber").textContent(), /closed \(drained\)/);
    for (const control of ["capacity", "processing", "policy", "apply"]) {
      assert.ok(await card.locator(byTestId(control)).isDisabled(), `A's ${control} is locked`);
    }
    assert.match(await card.locator(byTestId("settings-locked")).textContent(), /its topic is closed/);
    assert.ok(await simulatedSeconds(page) >= 6, "the page kept running after the panic");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("bad input shows a message and changes nothing", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.locator(byTestId("playground")).waitFor();
    for (const rate of ["abc", "-1", "0", "1e12"]) {
      await addPublisher(page, { rate, pattern: "x {n}" });
      await page.locator(byTestId("add-publisher-error")).waitFor();
    }
    await addSubscriber(page, { capacity: 10001, processingMs: 10 });
    await page.locator(byTestId("add-subscriber-error")).waitFor();
    await setField(page, byTestId("add-topic-name"), "orders");
    await page.click(byTestId("add-topic"));
    assert.match(await page.locator(byTestId("add-topic-error")).textContent(), /exists/);

    assert.equal(await page.locator(byTestId("publisher")).count(), 0);
    assert.equal(await page.locator(byTestId("subscriber")).count(), 0);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
