// Compare two runs: open the slow-consumer preset, stop at 10 s, run C under drop-newest
// and block side by side, and read the table, on a desktop window and on a 390 px phone.
// The numbers are those tests/compare.rs checks natively against straight session runs.
// Run on the release build in dist/ (or E2E_DIST).

import assert from "node:assert/strict";
import { test } from "node:test";

import { openPage, screenshot } from "./harness.mjs";
import { byTestId, goTo, servedBuild } from "./page.mjs";

const served = servedBuild();

/** The A, B and B − A cells of one figure of one subscriber, as text. */
async function figure(page, subscriber, label) {
  const row = page
    .locator(`${byTestId("compare-row")}[data-name="${subscriber}"]`)
    .locator(`tr[data-figure="${label}"]`);
  const cell = async (side) => (await row.locator(`td[data-side="${side}"]`).textContent()).trim();
  return { a: await cell("a"), b: await cell("b"), change: await cell("change") };
}

/** Opens the slow consumer paused at 10 s, with the compare panel in view. */
async function slowConsumerAtTen(width, height) {
  const opened = await openPage(served.browser, `${served.server.url}?preset=slow-consumer`);
  await opened.page.setViewportSize({ width, height });
  await opened.page.locator(byTestId("compare-panel")).waitFor();
  await goTo(opened.page, 10);
  return opened;
}

for (const [name, width, height] of [
  ["desktop", 1280, 800],
  ["phone", 390, 844],
]) {
  test(`drop-newest against block for C, on a ${name}`, { timeout: 60_000 }, async () => {
    const { page, context, pageErrors, consoleErrors } = await slowConsumerAtTen(width, height);
    try {
      const panel = page.locator(byTestId("compare-panel"));
      await panel.scrollIntoViewIfNeeded();
      await page.locator(byTestId("compare-target")).selectOption("C");
      await page.locator(byTestId("compare-vary")).selectOption("policy");
      // A starts from C's current policy, B from the alternative.
      assert.equal(await page.locator(byTestId("compare-a-policy")).inputValue(), "drop-newest");
      assert.equal(await page.locator(byTestId("compare-b-policy")).inputValue(), "block");
      const run = page.locator(byTestId("compare-run"));
      assert.equal((await run.textContent()).trim(), "Run both to 10.000 s");

      // The keyboard reaches the button and presses it.
      await run.focus();
      await page.keyboard.press("Enter");
      await page.locator(byTestId("compare-subscribers")).waitFor();

      assert.match(
        await page.locator(byTestId("compare-span")).textContent(),
        /Compared 10\.000 s of simulated time/,
      );
      assert.deepEqual(await figure(page, "C", "dropped"), {
        a: "31",
        b: "0",
        change: "\u221231 dropped",
      });
      assert.deepEqual(await figure(page, "C", "delivered"), {
        a: "17",
        b: "17",
        change: "same delivered",
      });
      assert.deepEqual(await figure(page, "C", "publishers held"), {
        a: "0.000 s",
        b: "6.168 s",
        change: "+6.168 s publishers held",
      });
      assert.deepEqual(await figure(page, "A", "delivered"), {
        a: "50",
        b: "20",
        change: "\u221230 delivered",
      });
      const topicPublished = page
        .locator(`${byTestId("compare-topic")}[data-name="orders"]`)
        .locator('tr[data-figure="published"] td[data-side="change"]');
      assert.equal((await topicPublished.textContent()).trim(), "\u221230 published");

      // The table is a real one: a caption and header cells with scopes.
      const table = page.locator(byTestId("compare-subscribers"));
      assert.match(await table.locator("caption").textContent(), /Per subscriber at 10\.000 s/);
      assert.equal(await table.locator('thead th[scope="col"]').count(), 4);
      assert.equal(await table.locator('th[scope="rowgroup"]').count(), 3);

      // A | B side by side on a desktop, one above the other on a phone.
      const a = await page.locator(byTestId("compare-summary-a")).boundingBox();
      const b = await page.locator(byTestId("compare-summary-b")).boundingBox();
      assert.match(
        await page.locator(byTestId("compare-summary-b")).textContent(),
        /B: C with policy block/,
      );
      if (width >= 900) {
        assert.ok(Math.abs(a.y - b.y) < 1 && b.x > a.x, `A at ${a.x},${a.y}; B at ${b.x},${b.y}`);
      } else {
        assert.ok(b.y >= a.y + a.height, `A ends at ${a.y + a.height}; B starts at ${b.y}`);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide`);
      }
      await screenshot(page, `compare-${name}`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await context.close();
    }
  });
}

test("a bigger buffer, and a capacity out of range", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await slowConsumerAtTen(1280, 800);
  try {
    await page.locator(byTestId("compare-target")).selectOption("C");
    await page.locator(byTestId("compare-vary")).selectOption("capacity");
    assert.equal(await page.locator(byTestId("compare-a-capacity")).inputValue(), "2");
    assert.equal(await page.locator(byTestId("compare-b-capacity")).inputValue(), "20");
    await page.click(byTestId("compare-run"));
    await page.locator(byTestId("compare-subscribers")).waitFor();
    assert.deepEqual(await figure(page, "C", "dropped"), {
      a: "31",
      b: "13",
      change: "\u221218 dropped",
    });
    assert.deepEqual(await figure(page, "C", "max buffered"), {
      a: "2",
      b: "20",
      change: "+18 max buffered",
    });

    await page.fill(byTestId("compare-b-capacity"), "10001");
    await page.click(byTestId("compare-run"));
    const error = page.locator(byTestId("compare-error"));
    await error.waitFor();
    assert.match(await error.textContent(), /B: the capacity 10001 is out of range/);
    assert.equal(await page.locator(byTestId("compare-subscribers")).count(), 0);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
