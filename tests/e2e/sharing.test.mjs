// Sharing and embedding, clicked through on the release build: a share link replays a run
// to the same counts, a bad link or a bad file shows why and leaves the page working, and
// the docs example embeds two playgrounds that its own buttons drive over postMessage.
//
// Serves the build at E2E_BASE (default "/"), so the same file checks a build made with
// `trunk build --release --public-url /mini-kafka/` under that sub-path.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";

import { openPage, screenshot } from "./harness.mjs";
import {
  addPublisher,
  addSubscriber,
  byTestId,
  goTo,
  servedBuild,
  simulatedSeconds,
  subscriberCard,
} from "./page.mjs";

const served = servedBuild();

/** Every number the topic, publisher and subscriber cards show, plus the clock. */
function readCounts(page) {
  return page.evaluate(() => {
    const counts = { time: document.querySelector('[data-testid="sim-time"]')?.textContent };
    for (const card of document.querySelectorAll(
      '[data-testid="topic"], [data-testid="publisher"], [data-testid="subscriber"]',
    )) {
      const name = `${card.dataset.testid}:${card.dataset.topic ?? card.dataset.name}`;
      const numbers = {};
      for (const cell of card.querySelectorAll("dd[data-testid], [data-testid='fill']")) {
        numbers[cell.dataset.testid] = cell.textContent.trim();
      }
      counts[name] = numbers;
    }
    return counts;
  });
}

test("a share link replays the run to the same counts", { timeout: 90_000 }, async () => {
  const first = await openPage(served.browser, `${served.server.url}?start=empty`);
  const { page } = first;
  let second;
  try {
    await page.locator(byTestId("playground")).waitFor();
    await addPublisher(page, { rate: 10, pattern: "order #{n}" });
    await addSubscriber(page, { capacity: 2, processingMs: 450 });
    await subscriberCard(page, "A").waitFor();
    // A change in the middle of the run, which the link must carry in its timeline.
    await goTo(page, 3);
    await addSubscriber(page, { capacity: 4, processingMs: 20 });
    await subscriberCard(page, "B").waitFor();
    await goTo(page, 7.5);
    const expected = await readCounts(page);
    assert.ok(Number(expected["subscriber:A"].dropped) > 0, "the slow subscriber dropped some");

    await page.click(byTestId("share"));
    const link = await page.locator(byTestId("share-url")).inputValue();
    assert.ok(link.startsWith(`${served.server.url}#s1.`), `the link is the page plus a fragment: ${link}`);
    assert.equal(page.url(), link, "the address bar shows the link");
    assert.match(await page.locator(byTestId("share-status")).textContent(), /copied|Ctrl\+C/);
    await screenshot(page, "share-panel");

    second = await openPage(served.browser, link);
    const replay = second.page;
    // The link opens paused at time zero; B joins at 3 s, from the timeline.
    await subscriberCard(replay, "A").waitFor();
    assert.equal(await simulatedSeconds(replay), 0);
    assert.equal(await subscriberCard(replay, "B").count(), 0);
    assert.equal(await replay.locator(byTestId("load-error")).count(), 0);
    await goTo(replay, 7.5);
    assert.deepEqual(await readCounts(replay), expected);
    assert.deepEqual(second.pageErrors, []);
    assert.deepEqual(first.pageErrors, []);
  } finally {
    await second?.context.close();
    await first.context.close();
  }
});

test("embed code, the JSON file and the Rust test", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.locator(byTestId("playground")).waitFor();
    await addPublisher(page, { rate: 5, pattern: "<b>bold</b> #{n}" });
    await goTo(page, 2);

    await page.click(byTestId("copy-embed"));
    const code = await page.locator(byTestId("embed-code")).inputValue();
    assert.match(code, /^<iframe src="[^"]+\?embed=1#s1\.[A-Za-z0-9_-]+" width="100%" height="520" /);
    assert.match(code, /title="mini-kafka playground: [^"]*" loading="lazy" style="border:0"><\/iframe>$/);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(byTestId("export-json")),
    ]);
    assert.equal(download.suggestedFilename(), "scenario.json");
    const exported = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.equal(exported.version, 1);
    assert.equal(exported.timeline[0].action.type, "add_publisher", "the recorded change");

    await page.click(byTestId("export-rust"));
    const rust = await page.locator(byTestId("rust-test")).textContent();
    assert.match(rust, /#\[test\]/);
    assert.match(rust, /<b>bold<\/b>/, "the pattern shows as text");
    assert.equal(await page.locator(`${byTestId("rust-test")} b`).count(), 0, "never as markup");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("a damaged link says so, the demo still runs, a good link loads in place", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}#s1.garbage`);
  try {
    const error = page.locator(byTestId("load-error"));
    await error.waitFor();
    assert.match(await error.textContent(), /share link could not be opened: the link is cut off or damaged: copy it again/);
    // The default demo is there and its clock moves.
    await subscriberCard(page, "C").waitFor();
    const before = await simulatedSeconds(page);
    if (!(await page.locator(`${byTestId("start")}.is-running`).count())) {
      await page.click(byTestId("start"));
    }
    await page.waitForFunction(
      ([selector, from]) => Number.parseFloat(document.querySelector(selector)?.textContent) > from,
      [byTestId("sim-time"), before],
      { timeout: 10_000 },
    );

    // A good link pasted into the open page's address loads without a reload, and clears
    // the complaint.
    await page.click(byTestId("share"));
    const link = await page.locator(byTestId("share-url")).inputValue();
    await page.evaluate(() => {
      location.hash = "#s1.bm90IGRlZmxhdGU";
    });
    await page.locator(`${byTestId("load-error")}:text("does not unpack")`).waitFor();
    await page.evaluate((hash) => {
      location.hash = hash;
    }, new URL(link).hash);
    await page.locator(byTestId("load-error")).waitFor({ state: "detached" });
    // Paused at time zero exactly: the demo was running, and no animation frame may move
    // the loaded session's clock, not even one that fires before the pause is rendered.
    await page.locator(`${byTestId("start")}:not(.is-running)`).waitFor();
    assert.equal(await simulatedSeconds(page), 0, "the link opens paused at time zero");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("a locked embed answers only Space, the speed keys and the help", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(
    served.browser,
    `${served.server.url}?embed=1&lock=1&preset=empty`,
  );
  const nextFrame = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  try {
    await page.locator(byTestId("playground")).waitFor();
    // Step, step back, next event and go-to belong to the controls a lock hides.
    for (const key of ["ArrowRight", "n", "ArrowLeft", "g"]) {
      await page.keyboard.press(key);
      await nextFrame();
      assert.equal(await simulatedSeconds(page), 0, `${key} leaves the clock alone`);
    }
    assert.notEqual(
      await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
      "goto-time",
    );

    // The speed keys and Space still work.
    await page.keyboard.press("]");
    assert.equal(await page.locator(byTestId("speed")).inputValue(), "2");
    await page.keyboard.press("[");
    assert.equal(await page.locator(byTestId("speed")).inputValue(), "1");
    await page.keyboard.press(" ");
    await page.locator(`${byTestId("start")}.is-running`).waitFor();
    await page.waitForFunction(
      (selector) => Number.parseFloat(document.querySelector(selector)?.textContent) > 0,
      byTestId("sim-time"),
      { timeout: 10_000 },
    );
    await page.keyboard.press(" ");
    await page.locator(`${byTestId("start")}:not(.is-running)`).waitFor();
    const paused = await simulatedSeconds(page);
    for (const key of ["ArrowRight", "ArrowLeft", "n"]) {
      await page.keyboard.press(key);
      await nextFrame();
      assert.equal(await simulatedSeconds(page), paused, `${key} leaves the paused clock alone`);
    }

    // The embed has no room for the help's button, but ? opens it, and it lists only the
    // keys that work here, and says why.
    await page.keyboard.press("?");
    await page.locator(byTestId("help-locked")).waitFor();
    assert.deepEqual(await page.locator(`${byTestId("help")} kbd`).allTextContents(), [
      "Space",
      "[",
      "]",
      "?",
      "Esc",
    ]);
    assert.equal(await page.locator(byTestId("help-log-keys")).count(), 0, "an embed has no log");
    await page.keyboard.press("Escape");
    await page.locator(byTestId("help")).waitFor({ state: "detached" });
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("a bad import shows why and keeps the current run", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}?start=empty`);
  try {
    await page.locator(byTestId("playground")).waitFor();
    await addPublisher(page, { rate: 10, pattern: "keep #{n}" });
    await goTo(page, 2);
    const kept = await readCounts(page);

    await page.click(".import-paste summary");
    const cases = [
      ['{"version": 1, "seed": 1, "topics": [', /not a valid scenario/],
      ['{"version": 99, "seed": 1}', /unsupported scenario version 99/],
      ["[1, 2, 3]", /not a valid scenario|object/],
      [`{"version": 1, "seed": 1, "title": "${"x".repeat(70_000)}"}`, /limit is 65536/],
      ['{"version": 1, "seed": 1, "topics": [{"name": ""}]}', /topics\[0\]/],
      ['{"version": 1, "seed": 1, "topics": [], "extra": true}', /extra/],
    ];
    for (const [json, message] of cases) {
      await page.fill(byTestId("import-text"), json);
      await page.click(byTestId("import-text-load"));
      const error = page.locator(byTestId("import-error"));
      await error.waitFor();
      assert.match(await error.textContent(), message);
      assert.deepEqual(await readCounts(page), kept, "the run is unchanged");
    }

    // Markup in a scenario is text: a hostile topic name loads and shows as written.
    const hostile = "<img src=x onerror=alert(1)>";
    await page.fill(
      byTestId("import-text"),
      JSON.stringify({ version: 1, seed: 1, topics: [{ name: hostile }] }),
    );
    await page.click(byTestId("import-text-load"));
    await page.locator(`${byTestId("topic")}[data-topic="${hostile}"]`).waitFor();
    assert.equal(await page.locator(byTestId("import-error")).count(), 0, "the error is cleared");
    assert.equal(await page.locator(`${byTestId("playground")} img`).count(), 0, "no markup");

    // A good file replaces the run.
    await page.setInputFiles(byTestId("import"), {
      name: "scenario.json",
      mimeType: "application/json",
      buffer: Buffer.from(
        JSON.stringify({
          version: 1,
          seed: 3,
          topics: [{ name: "imported" }],
          publishers: [{ topic: "imported", rate: 2, pattern: "hi #{n}" }],
          subscribers: [],
          timeline: [],
        }),
      ),
    });
    await page.locator(`${byTestId("topic")}[data-topic="imported"]`).waitFor();
    assert.equal(await page.locator(byTestId("import-error")).count(), 0);
    assert.equal((await page.locator(byTestId("seed")).textContent()).trim(), "3", "the file's seed is shown");
    assert.match(await page.locator(byTestId("share-status")).textContent(), /Loaded/);

    // A bad import after a good one must not leave the good one's "Loaded" standing.
    await page.fill(byTestId("import-text"), '{"version": 99, "seed": 1}');
    await page.click(byTestId("import-text-load"));
    await page.locator(byTestId("import-error")).waitFor();
    assert.doesNotMatch(await page.locator(byTestId("share-status")).textContent(), /Loaded/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the docs example embeds two playgrounds that its buttons drive", { timeout: 90_000 }, async () => {
  const { page, context, pageErrors, consoleErrors } = await openPage(
    served.browser,
    `${served.server.url}docs-example.html`,
  );
  try {
    const frames = {
      slow: page.frameLocator(byTestId("embed-slow")),
      block: page.frameLocator(byTestId("embed-block")),
    };
    for (const [name, frame] of Object.entries(frames)) {
      await frame.locator(byTestId("playground")).waitFor();
      // Chromeless: no share panel, no forms.
      assert.equal(await frame.locator(byTestId("share-panel")).count(), 0, `${name}: no share panel`);
      assert.equal(await frame.locator(byTestId("add-publisher")).count(), 0, `${name}: no forms`);
      await page.locator(`${byTestId(`host-status-${name}`)}:text("ready")`).waitFor();
    }
    assert.equal(await frames.block.locator(byTestId("step-forward")).isVisible(), false, "locked");

    for (const name of Object.keys(frames)) {
      const frame = frames[name];
      // Play through the host's button: the embedded clock moves.
      await page.click(byTestId(`host-play-${name}`));
      const from = await simulatedSeconds(frame);
      await expectClock(frame, (now) => now > from, `${name} runs after Play`);

      // Pause: the clock stops and stays stopped.
      await page.click(byTestId(`host-pause-${name}`));
      await page.waitForTimeout(300);
      const paused = await simulatedSeconds(frame);
      await page.waitForTimeout(500);
      assert.equal(await simulatedSeconds(frame), paused, `${name} stays paused after Pause`);
    }

    // A load through the API: a bad scenario is answered with an error, a good one loads.
    await page.evaluate(() => {
      const frame = document.querySelector('[data-testid="embed-slow"]').contentWindow;
      frame.postMessage({ source: "mini-kafka-host", type: "load", scenario: "s1.garbage" }, "*");
    });
    await page.locator(`${byTestId("host-status-slow")}:text("error: the link is cut off or damaged")`).waitFor();
    await page.evaluate(() => {
      const frame = document.querySelector('[data-testid="embed-slow"]').contentWindow;
      const scenario = { version: 1, seed: 2, topics: [{ name: "from-host" }] };
      frame.postMessage({ source: "mini-kafka-host", type: "load", scenario }, "*");
    });
    await page.locator(`${byTestId("host-status-slow")}:text("loaded")`).waitFor();
    await frames.slow.locator(`${byTestId("topic")}[data-topic="from-host"]`).waitFor();

    await screenshot(page, "docs-example");
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(served.server.failures(), []);
  } finally {
    await context.close();
  }
});

/** Waits until the frame's simulated time satisfies `holds`. */
async function expectClock(frame, holds, what) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (holds(await simulatedSeconds(frame))) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(what);
}

test("an embed with origin= obeys only that origin", { timeout: 60_000 }, async () => {
  const { page, context, pageErrors } = await openPage(served.browser, `${served.server.url}docs-example.html`);
  try {
    // Two more frames of the empty preset: one that trusts this page, one that trusts
    // another origin. Each is sent a bad load; only the first may answer.
    const answers = await page.evaluate(async (origin) => {
      const replies = [];
      window.addEventListener("message", (event) => {
        if (event.data?.source === "mini-kafka-playground" && event.data.type === "error") {
          replies.push(event.source === window.trusting?.contentWindow ? "trusting" : "other");
        }
      });
      const open = (allowed) =>
        new Promise((resolve) => {
          const frame = document.createElement("iframe");
          frame.src = `./?embed=1&preset=empty&origin=${encodeURIComponent(allowed)}`;
          frame.addEventListener("load", () => resolve(frame));
          document.body.append(frame);
        });
      window.trusting = await open(origin);
      const distrusting = await open("https://elsewhere.example");
      // The wasm starts after the load event; give both a moment to listen.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const frame of [window.trusting, distrusting]) {
        frame.contentWindow.postMessage({ source: "mini-kafka-host", type: "load", scenario: 7 }, "*");
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return replies;
    }, new URL(served.server.url).origin);
    assert.deepEqual(answers, ["trusting"]);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
