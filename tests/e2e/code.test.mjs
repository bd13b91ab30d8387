// The code pane on the release build: the Go and Rust programs follow the topology as it
// changes, a payload full of markup shows as escaped text and never as markup, the two sit
// side by side on a desktop and in tabs that work from the keyboard below 1100 px, and the
// pane fits a 390 px phone with its code scrolling inside.

import assert from "node:assert/strict";
import { test } from "node:test";

import { openPage, screenshot } from "./harness.mjs";
import { addPublisher, addSubscriber, byTestId, servedBuild, subscriberCard } from "./page.mjs";

const served = servedBuild();

/** A pattern that would run script if it were ever parsed as HTML. */
const HOSTILE_PATTERN = '<img src=x onerror="window.__pwned=1">{n}\\';

/** The same pattern as a Go string literal, and as a Rust one: here they agree. */
const HOSTILE_LITERAL = '"<img src=x onerror=\\"window.__pwned=1\\">{n}\\\\"';

/** The text of the program in the panel of `language` ("go" or "rust"). */
const codeText = (page, language) => page.locator(byTestId(`code-${language}`)).textContent();

/** Waits until the program in the panel of `language` contains `needle`. */
async function waitForCode(page, language, needle) {
  await page.waitForFunction(
    ([selector, text]) => document.querySelector(selector)?.textContent.includes(text),
    [byTestId(`code-${language}`), needle],
    { timeout: 10_000 },
  );
}

/** How wide the page is, and the first elements that stick out past `width`. */
function overflow(page, width) {
  return page.evaluate((width) => {
    const sticking = [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.getAttribute("class") ?? ""}`);
    return { scrollWidth: document.documentElement.scrollWidth, sticking: sticking.slice(0, 10) };
  }, width);
}

/**
 * Adds a subscriber and a publisher with `HOSTILE_PATTERN` to the empty start, and checks
 * that both programs follow. Shared by the desktop test (`sideBySide`) and the phone test.
 */
async function changeTheTopologyAndReadTheCode(page, { sideBySide }) {
  await page.locator(byTestId("code-pane")).waitFor();
  const goBefore = await codeText(page, "go");
  assert.ok(goBefore.includes("package main"), "the Go program is shown");
  assert.ok(!goBefore.includes("b.Subscribe("), "the empty start has no subscriber yet");

  await addSubscriber(page, { capacity: 0, processingMs: 20 });
  await subscriberCard(page, "A").waitFor();
  await waitForCode(page, "go", 'subA := b.Subscribe("orders", "A", make(chan string))');
  await addSubscriber(page, { capacity: 2, processingMs: 600 });
  await subscriberCard(page, "B").waitFor();
  await waitForCode(page, "go", 'subB := b.Subscribe("orders", "B", make(chan string, 2))');
  assert.ok((await codeText(page, "go")).includes("Its channel is unbuffered, a rendezvous"));

  await addPublisher(page, { rate: 4, pattern: HOSTILE_PATTERN });
  await waitForCode(page, "go", `pattern: ${HOSTILE_LITERAL}}`);

  // The markup is text in the code block: no element was made of it, and nothing ran.
  assert.equal(await page.locator(`${byTestId("code-pane")} img`).count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // The Rust program holds the same topology: beside the Go one, or in its own tab.
  if (sideBySide) {
    assert.ok(await page.locator(byTestId("code-panel-rust")).isVisible());
    assert.ok(await page.locator(byTestId("code-panel-go")).isVisible());
  } else {
    await page.click(byTestId("code-tab-rust"));
    assert.ok(await page.locator(byTestId("code-panel-rust")).isVisible());
    assert.ok(!(await page.locator(byTestId("code-panel-go")).isVisible()));
  }
  const rust = await codeText(page, "rust");
  assert.ok(rust.includes("let (sender, receiver) = sync_channel(0);"));
  assert.ok(rust.includes("let (sender, receiver) = sync_channel(2);"));
  assert.ok(rust.includes("let pub_p1 = Publisher::new("));
  assert.ok(rust.includes(HOSTILE_LITERAL), "the pattern is one escaped Rust literal");
}

test("the code follows the topology and shows markup as text", { timeout: 90_000 }, async () => {
  const { page, context, consoleErrors, pageErrors } = await openPage(
    served.browser,
    `${served.server.url}?start=empty`,
  );
  try {
    await changeTheTopologyAndReadTheCode(page, { sideBySide: true });

    // On a desktop the two programs sit side by side, each named by its heading, with no
    // tabs; a narrower window brings the tabs back.
    const layout = await page.locator(byTestId("code-pane")).evaluate((pane) => {
      const box = (slug) => pane.querySelector(`[data-testid=code-panel-${slug}]`).getBoundingClientRect();
      const [go, rust] = [box("go"), box("rust")];
      return {
        tabs: pane.querySelectorAll("[role=tab]").length,
        headings: [...pane.querySelectorAll(".code-heading")].map((heading) => heading.textContent),
        goLeftOfRust: go.right <= rust.left,
        sameTop: Math.abs(go.top - rust.top) < 1,
      };
    });
    assert.deepEqual(layout, { tabs: 0, headings: ["Go", "Rust"], goLeftOfRust: true, sameTop: true });
    await page.locator(byTestId("code-pane")).scrollIntoViewIfNeeded();
    await screenshot(page, "code-pane-desktop");
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.locator(byTestId("code-tab-go")).waitFor();
    assert.ok(!(await page.locator(byTestId("code-panel-rust")).isVisible()));
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test("the tabs work from the keyboard without moving the clock", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(
    served.browser,
    `${served.server.url}?start=empty`,
  );
  try {
    // Below 1100 px, where the pane has tabs.
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.locator(byTestId("code-pane")).waitFor();
    const clock = await page.locator(byTestId("sim-time")).textContent();
    const goTab = page.locator(byTestId("code-tab-go"));
    const rustTab = page.locator(byTestId("code-tab-rust"));
    assert.equal(await goTab.getAttribute("aria-selected"), "true");
    assert.equal(await rustTab.getAttribute("tabindex"), "-1", "only the selected tab is in the Tab order");

    await goTab.focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await rustTab.getAttribute("aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "code-tab-rust");
    assert.ok(await page.locator(byTestId("code-panel-rust")).isVisible());

    await page.keyboard.press("Home");
    assert.equal(await goTab.getAttribute("aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "code-tab-go");

    // The arrows belonged to the tabs, not to the clock's shortcuts.
    assert.equal(await page.locator(byTestId("sim-time")).textContent(), clock);

    // Tab leaves the tabs for the panel's Copy button, then the scrolling code block.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "code-copy-go");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "code-go");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("Copy puts the program on the clipboard", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, served.server.url);
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: served.server.url,
    });
    await page.locator(byTestId("code-pane")).waitFor();
    await page.click(byTestId("code-copy-rust"));
    await page.locator(byTestId("code-status")).filter({ hasText: "main.rs" }).waitFor();
    const status = await page.locator(byTestId("code-status")).textContent();
    if (status.includes("copied")) {
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, await codeText(page, "rust"));
    } else {
      // A browser that refuses the clipboard gets the block selected instead.
      assert.match(status, /selected: press Ctrl\+C/);
      const selected = await page.evaluate(() => String(window.getSelection()));
      assert.equal(selected.trim(), (await codeText(page, "rust")).trim());
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the code pane fits a 390 px phone, in dark mode too", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors } = await openPage(
    served.browser,
    `${served.server.url}?start=empty`,
  );
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await changeTheTopologyAndReadTheCode(page, { sideBySide: false });

    const { scrollWidth, sticking } = await overflow(page, 390);
    assert.ok(scrollWidth <= 390, `the page is ${scrollWidth} px wide; sticking out: ${sticking.join(", ")}`);
    // The long lines scroll inside the block instead.
    const block = page.locator(byTestId("code-rust"));
    const sizes = await block.evaluate((element) => ({
      scroll: element.scrollWidth,
      client: element.clientWidth,
      overflowX: getComputedStyle(element).overflowX,
    }));
    assert.ok(sizes.scroll > sizes.client, `the code is ${sizes.scroll} px wide in ${sizes.client} px`);
    assert.equal(sizes.overflowX, "auto");
    const box = await block.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the block spans ${box.x} to ${box.x + box.width}`);

    // Dark mode: the block's text stays light on a dark background.
    const colours = await block.evaluate((element) => {
      const style = getComputedStyle(element);
      return { text: style.color, background: style.backgroundColor };
    });
    const lightness = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).map(Number);
      return (r + g + b) / 3;
    };
    assert.ok(
      lightness(colours.text) > lightness(colours.background) + 100,
      `text ${colours.text} on ${colours.background}`,
    );
    await page.locator(byTestId("code-pane")).scrollIntoViewIfNeeded();
    await screenshot(page, "code-pane-narrow-dark");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
