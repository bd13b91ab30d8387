// The live charts on the release build: each canvas must really be drawn, at the size its
// element takes times the device pixel ratio, with its series in the stylesheet's colours
// for the colour scheme, on a desktop and on a 390 px phone, and carry a text alternative
// with numbers in it.

import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";

import { screenshotDir } from "./harness.mjs";
import { addPublisher, addSubscriber, byTestId, goTo, servedBuild, subscriberCard } from "./page.mjs";

const served = servedBuild();

const CHARTS = ["publish-rate", "delivery-rate", "drop-rate", "buffer-fill"];

/** Where a screenshot of one element called NAME goes. */
async function screenshotPath(name) {
  await mkdir(screenshotDir, { recursive: true });
  return join(screenshotDir, `${name}.png`);
}

/** Opens the running demo in a fresh context of the given size and colour scheme. */
async function openDemo({ width, height, colorScheme, deviceScaleFactor = 1 }) {
  const context = await served.browser.newContext({
    viewport: { width, height },
    colorScheme,
    deviceScaleFactor,
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(served.server.url);
  await page.locator(byTestId("live-charts")).waitFor();
  return { page, context, pageErrors };
}

/**
 * What one chart's canvas holds: its drawing-buffer and CSS sizes, how many pixels are
 * painted at all, and how many are close to the colour of a series (the first by default).
 */
async function inspect(page, id, colour = "--chart-1") {
  const canvas = page.locator(`${byTestId("chart")}[data-chart="${id}"] ${byTestId("chart-canvas")}`);
  return canvas.evaluate((element, colour) => {
    const hex = getComputedStyle(element).getPropertyValue(colour).trim();
    const series = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
    const { width, height } = element;
    const data = element.getContext("2d").getImageData(0, 0, width, height).data;
    let painted = 0;
    let inSeriesColour = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      painted += 1;
      const close = [0, 1, 2].every((channel) => Math.abs(data[i + channel] - series[channel]) <= 12);
      if (close && data[i + 3] > 200) inSeriesColour += 1;
    }
    const box = element.getBoundingClientRect();
    return {
      width,
      height,
      cssWidth: element.clientWidth,
      cssHeight: element.clientHeight,
      ratio: window.devicePixelRatio,
      painted,
      inSeriesColour,
      left: box.left,
      right: box.right,
      label: element.getAttribute("aria-label"),
      hex,
    };
  }, colour);
}

const LAYOUTS = [
  { name: "desktop", width: 1280, height: 800, colorScheme: "light" },
  { name: "phone", width: 390, height: 844, colorScheme: "light", deviceScaleFactor: 2 },
  { name: "desktop-dark", width: 1280, height: 800, colorScheme: "dark" },
];

for (const layout of LAYOUTS) {
  test(`the four charts are drawn with their series: ${layout.name}`, { timeout: 90_000 }, async () => {
    const { page, context, pageErrors } = await openDemo(layout);
    try {
      await goTo(page, 6);
      // The charts draw after the render that brought the sample at 6 s.
      await page.waitForFunction(
        (selector) => [...document.querySelectorAll(selector)].every((canvas) =>
          canvas.getAttribute("aria-label")?.includes("at 6.000 s")),
        byTestId("chart-canvas"),
      );

      for (const id of CHARTS) {
        const chart = await inspect(page, id);
        const total = chart.width * chart.height;
        assert.equal(chart.width, Math.round(chart.cssWidth * chart.ratio), `${id}: buffer width`);
        assert.equal(chart.height, Math.round(chart.cssHeight * chart.ratio), `${id}: buffer height`);
        assert.ok(chart.cssWidth > 200, `${id} is ${chart.cssWidth} px wide`);
        assert.ok(chart.left >= 0 && chart.right <= layout.width, `${id} spans ${chart.left} to ${chart.right}`);
        // Axes, grid, labels and lines: more than a speck, far less than a filled box.
        assert.ok(chart.painted > total * 0.01, `${id}: only ${chart.painted} of ${total} pixels drawn`);
        assert.ok(chart.painted < total * 0.6, `${id}: ${chart.painted} of ${total} pixels drawn`);
        // The first series (orders, or subscriber A) in the colour the scheme gives it.
        assert.ok(chart.inSeriesColour > 30, `${id}: ${chart.inSeriesColour} pixels in ${chart.hex}`);
        assert.match(chart.label, /\d/, `${id}: ${chart.label}`);
      }

      const expected = layout.colorScheme === "dark" ? "#74c0fc" : "#1c6dd0";
      assert.equal((await inspect(page, "publish-rate")).hex, expected);
      const publish = await inspect(page, "publish-rate");
      assert.match(publish.label, /orders 5 msg\/s/);
      const buffer = await inspect(page, "buffer-fill");
      assert.match(buffer.label, /C [0-2] of 2 messages/);
      const legend = page.locator(`${byTestId("chart")}[data-chart="delivery-rate"] .chart-legend li`);
      assert.deepEqual((await legend.allTextContents()).map((text) => text.trim()), ["A", "B", "C"]);

      if (layout.width === 390) {
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= 390, `the page is ${scrollWidth} px wide`);
      }
      await page.locator(byTestId("live-charts")).screenshot({ path: await screenshotPath(`charts-${layout.name}`) });
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

test("a resized window redraws the paused charts at their new size", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openDemo({ width: 1280, height: 800, colorScheme: "light" });
  try {
    await goTo(page, 4);
    const wide = await inspect(page, "drop-rate");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(
      (selector) => {
        const canvas = document.querySelector(selector);
        return canvas.width === Math.round(canvas.clientWidth * devicePixelRatio);
      },
      `${byTestId("chart")}[data-chart="drop-rate"] ${byTestId("chart-canvas")}`,
    );
    const narrow = await inspect(page, "drop-rate");
    assert.ok(narrow.width < wide.width, `${narrow.width} after ${wide.width}`);
    assert.ok(narrow.inSeriesColour > 30, "still drawn after the resize");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("with more subscribers than lines, the chart draws those that lose the most and says so", { timeout: 90_000 }, async () => {
  const context = await served.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  try {
    await page.goto(`${served.server.url}?start=empty`);
    await page.locator(byTestId("live-charts")).waitFor();
    await addPublisher(page, { rate: 10, pattern: "job {n}" });
    // Six quick subscribers, A to F, then G, slow with one slot.
    for (let i = 0; i < 6; i += 1) {
      await addSubscriber(page, { capacity: 4, processingMs: 10 });
    }
    await addSubscriber(page, { capacity: 1, processingMs: 800 });
    await subscriberCard(page, "G").waitFor();
    await goTo(page, 8);

    const figure = page.locator(`${byTestId("chart")}[data-chart="drop-rate"]`);
    const legend = (await figure.locator(".chart-legend li").allTextContents()).map((text) => text.trim());
    assert.deepEqual(legend, ["A", "B", "C", "D", "E", "G"], "G lost the most; ties go to the oldest");
    assert.match(await figure.locator(byTestId("chart-note")).textContent(), /Showing the 6 subscribers .*; 1 more in the table\./);
    const label = await figure.locator(byTestId("chart-canvas")).getAttribute("aria-label");
    assert.match(label, /at 8\.000 s: A 0 msg\/s, .*, G \d+ msg\/s; 1 more in the table$/);

    // Every subscriber is in the table, F as not drawn.
    await figure.locator("summary").click();
    const rows = figure.locator("tbody tr");
    assert.equal(await rows.count(), 7);
    assert.deepEqual(
      (await rows.filter({ hasText: /^F/ }).locator("td").allTextContents()).map((text) => text.trim()),
      ["0", "no"],
    );
    // G is the sixth line drawn, in the sixth colour, clear of the five along zero.
    const drops = await inspect(page, "drop-rate", "--chart-6");
    assert.ok(drops.inSeriesColour > 30, `${drops.inSeriesColour} pixels in ${drops.hex}`);
    await figure.screenshot({ path: await screenshotPath("charts-many") });
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
