// Accessibility of the release build: axe-core finds no serious or critical violation of
// WCAG 2.1 A and AA or of its best practices, on a desktop and a 390 px phone, in light and
// dark, with drops on screen and with the help open; the keyboard reaches every control with
// a visible focus and runs the page alone; and the live region says what was lost.
//
// axe-core is injected through the DevTools protocol (`page.evaluate`), which the page's
// Content-Security-Policy does not govern: a `<script>` tag with its source would be
// refused by `script-src 'self'`, and the page is tested with its real policy in force.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { byTestId, servedBuild, subscriberCard } from "./page.mjs";

const served = servedBuild();

const here = dirname(fileURLToPath(import.meta.url));
const AXE_SOURCE = readFile(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");

/** The rule sets the page is held to. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** Impacts that fail the test; minor and moderate ones are printed only. */
const FAILING = new Set(["serious", "critical"]);

/**
 * Opens `path` in a fresh context of the given width and colour scheme, with the page's
 * errors collected as harness.openPage does.
 */
async function open(
  path,
  { width = 1280, height = 800, colorScheme = "light", reducedMotion = "no-preference" } = {},
) {
  const context = await served.browser.newContext({ viewport: { width, height }, colorScheme, reducedMotion });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(`${served.server.url}${path}`);
  await page.locator(byTestId("playground")).waitFor();
  return { page, context, pageErrors };
}

/**
 * Runs axe-core on the page as it is, prints every violation with its impact and where,
 * and returns the serious and critical ones.
 */
async function audit(page, label) {
  const source = await AXE_SOURCE;
  await page.evaluate(`${source}\n;void 0`);
  const { passes, violations } = await page.evaluate(async (tags) => {
    const results = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    const passes = results.passes.length;
    const violations = results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")).slice(0, 6),
      count: violation.nodes.length,
    }));
    return { passes, violations };
  }, AXE_TAGS);
  // An axe that checked nothing would pass anything.
  assert.ok(passes > 20, `[${label}] axe passed only ${passes} rules`);
  for (const violation of violations) {
    console.log(
      `[${label}] ${violation.impact} ${violation.id} (${violation.count}): ${violation.help}\n` +
        violation.targets.map((target) => `    ${target}`).join("\n"),
    );
  }
  return violations
    .filter((violation) => FAILING.has(violation.impact))
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.targets.join(", ")}`);
}

/** Waits until the demo's slow subscriber C shows at least one drop. */
async function untilCDrops(page) {
  await page.waitForFunction(
    (selector) => Number(document.querySelector(selector)?.textContent) > 0,
    `${byTestId("subscriber")}[data-name="C"] ${byTestId("dropped")}`,
    { timeout: 15_000 },
  );
}

const LAYOUTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

for (const layout of LAYOUTS) {
  for (const colorScheme of ["light", "dark"]) {
    test(`axe: the running demo, ${layout.name}, ${colorScheme}`, { timeout: 90_000 }, async () => {
      const { page, context, pageErrors } = await open("", { ...layout, colorScheme });
      try {
        await untilCDrops(page);
        const failing = await audit(page, `demo ${layout.name} ${colorScheme}`);
        assert.deepEqual(failing, [], "serious or critical violations");
        assert.deepEqual(pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }
}

test("axe: a blocking preset running, and a closed topic with a panic", { timeout: 120_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, pageErrors } = await open("?preset=block-stalls-everyone", { colorScheme });
    try {
      await page.fill(byTestId("goto-time"), "6");
      await page.click(byTestId("goto"));
      await page.locator(byTestId("blocked-note")).first().waitFor({ timeout: 15_000 });
      assert.deepEqual(await audit(page, `blocked ${colorScheme}`), [], "serious or critical violations");

      await page.goto(`${served.server.url}?preset=send-on-closed`);
      await page.locator(byTestId("playground")).waitFor();
      await page.fill(byTestId("goto-time"), "10");
      await page.click(byTestId("goto"));
      await page.locator(byTestId("topic-closed")).first().waitFor({ timeout: 15_000 });
      assert.deepEqual(await audit(page, `closed ${colorScheme}`), [], "serious or critical violations");
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  }
});

test("axe: the help overlay open, desktop and phone, light and dark", { timeout: 120_000 }, async () => {
  for (const layout of LAYOUTS) {
    for (const colorScheme of ["light", "dark"]) {
      const { page, context, pageErrors } = await open("", { ...layout, colorScheme });
      try {
        await page.click(byTestId("help-open"));
        await page.locator(byTestId("help")).waitFor();
        const failing = await audit(page, `help ${layout.name} ${colorScheme}`);
        assert.deepEqual(failing, [], "serious or critical violations");
        assert.deepEqual(pageErrors, []);
      } finally {
        await context.close();
      }
    }
  }
});

test("with reduced motion, the travelling marks stay hidden and nothing animates", { timeout: 60_000 }, async () => {
  const shown = {};
  for (const reducedMotion of ["no-preference", "reduce"]) {
    const { page, context, pageErrors } = await open("", { reducedMotion });
    try {
      await untilCDrops(page);
      shown[reducedMotion] = await page.evaluate(() => ({
        dots: [...document.querySelectorAll(".fanout .dot")].filter((dot) => dot.getClientRects().length > 0)
          .length,
        animations: document
          .getAnimations()
          .filter((animation) => Number(animation.effect?.getTiming().duration) > 1).length,
      }));
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  }
  assert.ok(shown["no-preference"].dots > 0, "messages travel along the edges by default");
  assert.deepEqual(shown.reduce, { dots: 0, animations: 0 });
});

/**
 * What the focused element is, whether it shows a focus indicator, and whether the walk
 * met it before (marked on the element, since several controls share a test id).
 */
function describeFocus() {
  const focused = document.activeElement;
  if (!focused || focused === document.body) {
    return null;
  }
  const seen = focused.hasAttribute("data-focus-walk");
  focused.setAttribute("data-focus-walk", "");
  const style = getComputedStyle(focused);
  const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow !== "none";
  const name =
    focused.getAttribute("data-testid") ??
    focused.getAttribute("aria-label") ??
    `${focused.tagName.toLowerCase()}${focused.id ? `#${focused.id}` : ""}`;
  return { name, seen, visible: (outline || ring) && focused.matches(":focus-visible") };
}

test("Tab reaches every control, each with a visible focus ring", { timeout: 120_000 }, async () => {
  const { page, context, pageErrors } = await open("");
  try {
    await page.locator(byTestId("subscriber")).first().waitFor();
    // Paused, so that the controls stay put while the focus walks over them.
    await page.click(byTestId("start"));
    await page.evaluate(() => document.activeElement?.blur());
    const reached = [];
    const invisible = [];
    for (let i = 0; i < 300; i += 1) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(describeFocus);
      if (focus === null) {
        continue;
      }
      if (focus.seen) {
        break;
      }
      reached.push(focus.name);
      if (!focus.visible) {
        invisible.push(focus.name);
      }
    }
    assert.ok(reached.length > 30, `Tab reached only ${reached.length} controls`);
    assert.deepEqual(invisible, [], "controls without a visible focus indicator");
    for (const id of ["start", "step", "speed", "help-open", "add-topic-name", "add-subscriber", "filter-drop"]) {
      assert.ok(reached.includes(id), `Tab never reached ${id}; reached ${reached.join(", ")}`);
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the keyboard alone plays, pauses, adds a subscriber and opens the help", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await open("?start=empty");
  const time = () => page.locator(byTestId("sim-time")).textContent();
  try {
    // Add a publisher and a subscriber with Enter on the forms' buttons.
    await page.locator(byTestId("add-publisher")).focus();
    await page.keyboard.press("Enter");
    await page.locator(byTestId("publisher")).waitFor();
    await page.locator(byTestId("add-subscriber-capacity")).focus();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("3");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("250");
    await page.locator(byTestId("add-subscriber")).focus();
    await page.keyboard.press("Enter");
    await subscriberCard(page, "A").waitFor();

    // Start with Enter on Start, pause with Space on the same button.
    const before = await time();
    await page.locator(byTestId("start")).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      ([selector, before]) => document.querySelector(selector)?.textContent !== before,
      [byTestId("sim-time"), before],
    );
    await page.keyboard.press("Space");
    const paused = await time();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal(await time(), paused, "the clock stays put once paused");
    assert.match(await page.locator(byTestId("start")).textContent(), /Resume/);

    // ? opens the help, Escape closes it and gives the focus back to its button.
    await page.keyboard.press("?");
    await page.locator(byTestId("help")).waitFor();
    await page.keyboard.press("Escape");
    await page.locator(byTestId("help")).waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "help-open");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the live region says what was lost, and Mute silences it", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await open("");
  try {
    const region = page.locator(byTestId("announcer"));
    assert.equal(await region.getAttribute("role"), "status");
    assert.equal(await region.getAttribute("aria-live"), "polite");
    await page.waitForFunction(
      (selector) => /dropped at C/.test(document.querySelector(selector)?.textContent ?? ""),
      byTestId("announcer"),
      { timeout: 20_000 },
    );
    assert.match(await region.textContent(), /\d+ messages? dropped at C \(buffer full\)/);

    await page.locator(byTestId("announce-toggle")).focus();
    await page.keyboard.press("Space");
    assert.equal(await page.locator(byTestId("announce-toggle")).isChecked(), false);
    assert.equal((await region.textContent()).trim(), "");
    // The choice outlives a reload.
    await page.reload();
    await page.locator(byTestId("playground")).waitFor();
    assert.equal(await page.locator(byTestId("announce-toggle")).isChecked(), false);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
