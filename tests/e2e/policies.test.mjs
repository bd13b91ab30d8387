// The overflow policies, clicked through on the release build. Each test starts from the
// empty topic with a publisher, a fast subscriber A and a slow subscriber B with a buffer of
// one, picks B's policy in the form, and moves the clock with Step, 0.1 simulated seconds a
// click, so that every run sees the same instants.

import assert from "node:assert/strict";
import { test } from "node:test";

import { openPage, screenshot } from "./harness.mjs";
import {
  addPublisher,
  addSubscriber,
  byTestId,
  publisherCard,
  readNumber,
  servedBuild,
  step,
  subscriberCard,
} from "./page.mjs";

const served = servedBuild();

/** A subscriber's counts, after checking that they add up. */
async function ledger(page, name) {
  const card = subscriberCard(page, name);
  const counts = {};
  for (const key of ["offered", "delivered", "dropped", "evicted", "queued", "discarded"]) {
    counts[key] = await readNumber(card, key);
  }
  const { offered, delivered, dropped, evicted, queued, discarded } = counts;
  assert.equal(delivered + dropped + evicted + queued + discarded, offered, `${name}: ${JSON.stringify(counts)}`);
  assert.equal(await card.locator(".ledger.is-broken").count(), 0, `${name}'s ledger line balances`);
  return counts;
}

/** P1 at 10/s; A takes 10 ms a message; B has one slot, takes `slowMs`, and uses `policy`. */
async function fastAndSlow(page, { policy, slowMs }) {
  await page.locator(byTestId("playground")).waitFor();
  await addPublisher(page, { rate: 10, pattern: "order #{n}" });
  await addSubscriber(page, { capacity: 4, processingMs: 10, policy: "drop-newest" });
  await addSubscriber(page, { capacity: 1, processingMs: slowMs, policy });
  await subscriberCard(page, "B").waitFor();
  assert.equal(await subscriberCard(page, "B").locator(byTestId("policy")).inputValue(), policy);
}

test("block stalls the publisher until B's policy changes", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.locator(byTestId("add-subscriber-policy")).selectOption("block");
    assert.match(await page.locator(byTestId("add-subscriber-policy-hint")).textContent(), /publisher waits/);
    // B works 3 s on its first message and holds a second, so P1 waits on its third.
    await fastAndSlow(page, { policy: "block", slowMs: 3000 });
    await step(page, 10);

    const p1 = publisherCard(page, "P1");
    assert.equal((await p1.locator(byTestId("status")).textContent()).trim(), "blocked by B");
    await page.locator(byTestId("block-line")).waitFor();
    const published = await readNumber(p1, "published");
    const fastDelivered = (await ledger(page, "A")).delivered;
    await ledger(page, "B");

    await step(page, 5);
    assert.equal((await p1.locator(byTestId("status")).textContent()).trim(), "blocked by B");
    assert.equal(await readNumber(p1, "published"), published, "P1 waits");
    assert.equal((await ledger(page, "A")).delivered, fastDelivered, "A, fast as it is, waits with P1");
    assert.ok(published <= 4, `1.5 s at 10/s would publish 15 without the block, saw ${published}`);
    assert.ok((await page.locator(`${byTestId("event")}[data-kind="block"]`).count()) > 0);
    await screenshot(page, "policies");

    // On a phone the drawing is redrawn in one column that fits its frame: no sideways
    // scroll, and the block line still runs from P1 to B, both in view. The caption under it
    // names the wait in words.
    await page.setViewportSize({ width: 390, height: 844 });
    const caption = page.locator(byTestId("block-caption"));
    assert.equal((await caption.textContent()).trim(), "\u275a\u275a blocked: P1 waits for B");
    const frame = page.locator(".fanout-frame");
    await page.waitForFunction(() => document.querySelector("svg.fanout")?.dataset.layout === "narrow");
    const fit = await frame.evaluate((element) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    }));
    assert.ok(fit.scrollWidth <= fit.clientWidth, `the drawing is ${fit.scrollWidth} px in a ${fit.clientWidth} px frame`);
    const frameBox = await frame.boundingBox();
    for (const selector of [".fan-publisher.is-blocked .node", ".fan-subscriber.is-blocking .node", byTestId("block-line")]) {
      const box = await frame.locator(selector).boundingBox();
      assert.ok(
        box.x >= frameBox.x && box.x + box.width <= frameBox.x + frameBox.width,
        `${selector} spans ${box.x} to ${box.x + box.width}, the frame ${frameBox.x} to ${frameBox.x + frameBox.width}`,
      );
    }
    const captionBox = await caption.boundingBox();
    assert.ok(captionBox.x >= 0 && captionBox.x + captionBox.width <= 390, `the caption spans ${captionBox.x} to ${captionBox.x + captionBox.width}`);
    await screenshot(page, "policies-phone");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForFunction(() => document.querySelector("svg.fanout")?.dataset.layout === "wide");

    // Drop-newest on B's card releases P1 at once.
    await subscriberCard(page, "B").locator(byTestId("policy")).selectOption("drop-newest");
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent.trim() === "running",
      `${byTestId("publisher")}[data-name="P1"] ${byTestId("status")}`,
    );
    assert.equal(await page.locator(byTestId("block-line")).count(), 0);
    await step(page, 10);
    const later = await readNumber(p1, "published");
    assert.ok(later >= published + 9, `P1 publishes again: ${published} then ${later}`);
    assert.equal((await ledger(page, "A")).offered, later);
    assert.ok((await ledger(page, "B")).dropped > 0, "B drops what it has no room for");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("disconnect cuts B off while A keeps receiving", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await fastAndSlow(page, { policy: "disconnect", slowMs: 500 });
    await step(page, 10);

    const b = subscriberCard(page, "B");
    assert.equal((await b.locator(byTestId("status")).textContent()).trim(), "disconnected");
    assert.match(await b.locator(byTestId("status-reason")).textContent(), /buffer overflow \(disconnect policy\)/);
    await page.locator(byTestId("cut-edge")).waitFor();
    // The ✂ in the cut stays clear of the ✕ of the overflow that caused it, which is still
    // marked 0.7 s later, in both layouts.
    for (const [width, layout] of [[1280, "wide"], [390, "narrow"]]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForFunction((layout) => document.querySelector("svg.fanout")?.dataset.layout === layout, layout);
      const scissors = await page.locator(".cut-icon").boundingBox();
      const cross = await page.locator(".drop-cross").boundingBox();
      assert.ok(
        scissors.x + scissors.width < cross.x,
        `${layout}: the scissors span ${scissors.x} to ${scissors.x + scissors.width}, the cross starts at ${cross.x}`,
      );
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    const cutOff = await ledger(page, "B");
    assert.equal(cutOff.dropped, 1, "the message that overflowed it");
    const fast = await ledger(page, "A");

    await step(page, 10);
    assert.deepEqual(await ledger(page, "B"), cutOff, "B is offered nothing more");
    const fastLater = await ledger(page, "A");
    assert.ok(fastLater.delivered >= fast.delivered + 9, "A keeps receiving");
    assert.equal(fastLater.offered, await readNumber(publisherCard(page, "P1"), "published"));
    const rows = await page.locator(`${byTestId("event")}[data-kind="drop"]`).allTextContents();
    assert.ok(rows.some((row) => row.includes("B disconnected")), "the log says why");
    await screenshot(page, "policies-disconnect");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("drop-oldest evicts and B learns how many it missed", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await fastAndSlow(page, { policy: "drop-oldest", slowMs: 500 });
    await step(page, 20);

    const slow = await ledger(page, "B");
    assert.ok(slow.evicted > 0, "B evicted some");
    assert.equal(slow.dropped, 0, "and dropped none");
    assert.ok((await page.locator(byTestId("evict-mark")).count()) > 0, "the eviction is drawn");
    const rows = await page.locator(`${byTestId("event")}[data-kind="drop"]`).allTextContents();
    assert.ok(rows.some((row) => row.includes("B was told it missed")), "the lagged notice is logged");
    await screenshot(page, "policies-drop-oldest");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
