// The playground page under load, in headless Chromium: frame rate, load time, fast-forward,
// memory, a hidden tab, and the size of what the page ships. BENCHMARKS.md ("The page under
// load") says what each figure means and holds the results.
//
//   node benches/page/page.mjs            (or `scripts/bench page`, which builds first)
//
// It serves a release build (PAGE_DIST, default target/dist-bench, made with
// `trunk build --release --dist target/dist-bench`) to Debian's Chromium through
// playwright-core, as tests/e2e does, and prints one table. Settings, all optional:
//
//   PAGE_SECONDS=10          wall seconds of the heavy load at 1x (and of the empty page)
//   PAGE_LOADS=7             page loads timed for the load time
//   PAGE_MINUTES=10          simulated minutes of the heavy load run by fast-forward
//   PAGE_HIDDEN_SECONDS=3    how long the tab stays frozen
//   PAGE_W1_WASM=<M/s>       the bare broker's W1 figure in Chromium from the same run, for a
//                            ratio (scripts/bench page passes it)
//   PAGE_JSON=<path>         also write every figure as JSON (default target/bench-page.json)
//
// Benchmarks measure time; nothing here fails on a slow figure. It fails only when the page
// does not do what is measured (no mark, a page error, a clock that does not reach its time).

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import { chromium } from "../../tests/e2e/node_modules/playwright-core/index.mjs";
import { start } from "../../tests/e2e/server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const setting = (name, fallback) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const dist = process.env.PAGE_DIST ?? join(root, "target", "dist-bench");
const frameSeconds = setting("PAGE_SECONDS", 10);
const loads = setting("PAGE_LOADS", 7);
const minutes = setting("PAGE_MINUTES", 10);
const hiddenSeconds = setting("PAGE_HIDDEN_SECONDS", 3);
const w1Wasm = setting("PAGE_W1_WASM", undefined);
const jsonPath = process.env.PAGE_JSON ?? join(root, "target", "bench-page.json");

// The heavy-load preset: 10 publishers x 1,000 messages/s x 100 subscribers.
const HEAVY_URL_QUERY = "?preset=heavy-load";
const DELIVERIES_PER_SIM_SECOND = 1_000_000;
const INTERACTIVE_MARK = "playground-interactive";
const FIRST_RENDER_MARK = "playground-first-render";

// As tests/e2e/harness.mjs, plus what the memory figures need: precise heap sizes, and gc()
// so that each reading is of live memory rather than of garbage not yet collected.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--enable-precise-memory-info",
  "--js-flags=--expose-gc",
];

const sim = '[data-testid="sim-time"]';

const median = (values) => quantile(values, 0.5);
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at];
}

/** Reads the page's performance marks and Trunk's start event, for every page opened. */
async function instrument(context) {
  await context.addInitScript(() => {
    // Trunk's loader announces the started module with its exports, memory included.
    addEventListener("TrunkApplicationStarted", (event) => {
      window.__benchWasmMemory = event.detail?.wasm?.memory;
    });
    // Times the app's frame callbacks: the callback itself (advance the clock, take a
    // snapshot), then the render Yew queued from it, which runs as a microtask before ours.
    const request = window.requestAnimationFrame.bind(window);
    window.__benchCallbacks = [];
    window.requestAnimationFrame = (callback) =>
      request((now) => {
        if (callback.benchOwn) return callback(now);
        const started = performance.now();
        try {
          callback(now);
        } finally {
          const ran = performance.now();
          queueMicrotask(() =>
            window.__benchCallbacks.push([started, ran - started, performance.now() - ran]),
          );
        }
      });
  });
}

async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await instrument(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url);
  return { context, page, errors };
}

/** Milliseconds from navigation start to the app's mark, and which mark it was. */
async function interactiveAt(page) {
  const handle = await page.waitForFunction(
    ([interactive, firstRender]) => {
      const [mark] = [
        ...performance.getEntriesByName(interactive),
        ...performance.getEntriesByName(firstRender),
      ];
      return mark && { name: mark.name, at: mark.startTime };
    },
    [INTERACTIVE_MARK, FIRST_RENDER_MARK],
    { timeout: 30_000 },
  );
  return handle.jsonValue();
}

/**
 * rAF timestamps for `seconds` of wall time, with the simulated time the page showed at the
 * start and the end, and the pace indicator's words if it shows them.
 */
function sampleFrames(page, seconds) {
  return page.evaluate(
    async ([seconds, sim]) => {
      const shown = () => Number.parseFloat(document.querySelector(sim)?.textContent ?? "NaN");
      const stamps = [];
      const startSim = shown();
      const startWall = performance.now();
      await new Promise((resolve) => {
        const tick = (now) => {
          stamps.push(now);
          if (now - startWall < seconds * 1_000) requestAnimationFrame(tick);
          else resolve();
        };
        tick.benchOwn = true;
        requestAnimationFrame(tick);
      });
      const app = (window.__benchCallbacks ?? []).filter(([at]) => at >= startWall);
      return {
        stamps,
        app,
        simSeconds: shown() - startSim,
        wallSeconds: (performance.now() - startWall) / 1_000,
        pace: document.querySelector('[data-testid="pace"]')?.textContent ?? null,
      };
    },
    [seconds, sim],
  );
}

function frameFigures({ stamps, app, simSeconds, wallSeconds, pace }) {
  const intervals = stamps.slice(1).map((stamp, i) => stamp - stamps[i]);
  return {
    appCallbackMs: median(app.map(([, callback]) => callback)),
    appRenderMs: median(app.map(([, , render]) => render)),
    frames: intervals.length,
    medianFps: 1_000 / median(intervals),
    medianFrameMs: median(intervals),
    p95FrameMs: quantile(intervals, 0.95),
    maxFrameMs: Math.max(...intervals),
    simPerWall: simSeconds / wallSeconds,
    pace,
  };
}

/** Pauses a running page with its play/pause button. */
async function pause(page) {
  const label = await page.locator('[data-testid="start"]').textContent();
  if (/pause/i.test(label)) await page.click('[data-testid="start"]');
}

/**
 * Goes to `seconds` with the Go to field and times it from inside the page, from the click
 * to the frame that shows the target. A jump this long runs a tenth of a second in the
 * click's handler and goes on over animation frames (`JUMP_FRAME_MILLIS` each) with only
 * its progress line drawn; `simulateMs` ends when that line goes, `shownMs` two frames
 * later, with the page's whole state on screen.
 */
async function timedGoTo(page, seconds) {
  await page.fill('[data-testid="goto-time"]', String(seconds));
  const timing = await page.evaluate(async () => {
    const button = document.querySelector('[data-testid="goto"]');
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const started = performance.now();
    button.click();
    let frames = 0;
    await nextFrame();
    while (document.querySelector('[data-testid="jump-progress"]')) {
      frames += 1;
      await nextFrame();
    }
    const simulated = performance.now();
    await nextFrame();
    await nextFrame();
    return { simulateMs: simulated - started, shownMs: performance.now() - started, frames };
  });
  const shown = Number.parseFloat(await page.locator(sim).textContent());
  if (Math.abs(shown - seconds) > 1e-6) {
    throw new Error(`go to ${seconds} s showed ${shown} s`);
  }
  return timing;
}

async function memoryNow(page) {
  return page.evaluate(() => {
    // The frame timings this script records (see `instrument`) are its own data, about
    // 100 bytes a frame; a jump runs hundreds of frames, so they would read as the page's
    // growth. Fast-forward does not use them.
    window.__benchCallbacks.length = 0;
    window.gc?.();
    return {
      jsHeapBytes: performance.memory?.usedJSHeapSize ?? Number.NaN,
      wasmBytes: window.__benchWasmMemory?.buffer?.byteLength ?? Number.NaN,
    };
  });
}

/** The document's element count and the JS event listeners, from Chromium's DOM counters. */
async function domCounters(cdp) {
  const { nodes, jsEventListeners } = await cdp.send("Memory.getDOMCounters");
  return { domNodes: nodes, listeners: jsEventListeners };
}

/**
 * A heap snapshot's self sizes, split into what V8 compiled (machine code, its metadata and
 * the wasm module's native code) and everything else: the objects and strings the page
 * holds. V8 keeps compiling hot functions (wasm tiers up to TurboFan) for minutes under a
 * steady load, so the JS heap grows without any leak; the data part is what a leak grows.
 */
async function heapSplit(page, cdp) {
  await page.evaluate(() => window.gc?.());
  const chunks = [];
  const collect = (event) => chunks.push(event.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", collect);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", collect);
  const snapshot = JSON.parse(chunks.join(""));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[fields.indexOf("type")];
  const [type, name, size] = ["type", "name", "self_size"].map((field) => fields.indexOf(field));
  let codeBytes = 0;
  let dataBytes = 0;
  for (let at = 0; at < snapshot.nodes.length; at += fields.length) {
    const bytes = snapshot.nodes[at + size];
    const kind = types[snapshot.nodes[at + type]];
    if (kind === "code" || snapshot.strings[snapshot.nodes[at + name]].includes("WasmNativeModule")) {
      codeBytes += bytes;
    } else if (kind !== "native" && kind !== "synthetic") {
      dataBytes += bytes;
    }
  }
  return { codeBytes, dataBytes };
}

function bundle() {
  // Counted as scripts/test counts them: every .wasm, .js and .css in the build, gzip -9.
  const files = readdirSync(dist)
    .filter((name) => /\.(wasm|js|css)$/.test(name))
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dist, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  const total = (key) => files.reduce((sum, file) => sum + file[key], 0);
  return { files, raw: total("raw"), gzip: total("gzip") };
}

async function emptyPageFrames(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.setContent("<!doctype html><title>empty</title><p>empty</p>");
  const figures = frameFigures(await sampleFrames(page, frameSeconds));
  await context.close();
  return figures;
}

async function loadTimes(browser, url) {
  const runs = [];
  for (let i = 0; i < loads; i += 1) {
    const { context, page, errors } = await openPage(browser, url);
    const mark = await interactiveAt(page);
    const navigation = await page.evaluate(() => {
      const [entry] = performance.getEntriesByType("navigation");
      return { responseEnd: entry?.responseEnd, domContentLoaded: entry?.domContentLoadedEventEnd };
    });
    if (errors.length > 0) throw new Error(`page errors while loading: ${errors.join("; ")}`);
    runs.push({ ...mark, ...navigation });
    await context.close();
  }
  return {
    mark: runs.every((run) => run.name === INTERACTIVE_MARK) ? INTERACTIVE_MARK : FIRST_RENDER_MARK,
    medianMs: median(runs.map((run) => run.at)),
    slowestMs: Math.max(...runs.map((run) => run.at)),
    fastestMs: Math.min(...runs.map((run) => run.at)),
    domContentLoadedMs: median(runs.map((run) => run.domContentLoaded)),
  };
}

async function heavyAtOneX(browser, url) {
  const { context, page, errors } = await openPage(browser, url + HEAVY_URL_QUERY);
  await interactiveAt(page);
  // A viewer watches the topic, so its diagram and cards are what the frames must draw: at
  // the top of the page they are below the fold, where the browser would skip their paint.
  await page.locator(".fanout").first().evaluate((svg) => svg.scrollIntoView({ block: "center" }));
  // The first second settles the pace meter and the caches.
  await page.waitForTimeout(1_000);
  const figures = frameFigures(await sampleFrames(page, frameSeconds));
  if (errors.length > 0) throw new Error(`page errors under load: ${errors.join("; ")}`);
  await context.close();
  return figures;
}

async function fastForwardAndMemory(browser, url) {
  const { context, page, errors } = await openPage(browser, url + HEAVY_URL_QUERY);
  const cdp = await context.newCDPSession(page);
  await interactiveAt(page);
  await pause(page);
  const minutesRun = [];
  for (let minute = 1; minute <= minutes; minute += 1) {
    const timing = await timedGoTo(page, minute * 60);
    const memory = await memoryNow(page);
    const counters = await domCounters(cdp);
    // A snapshot costs seconds; only the first and the last minute get one.
    const split = minute === 1 || minute === minutes ? await heapSplit(page, cdp) : {};
    minutesRun.push({ minute, ...timing, ...memory, ...counters, ...split });
    console.error(
      `  minute ${minute}: ${timing.simulateMs.toFixed(0)} ms over ${timing.frames} frames, ` +
        `heap ${memory.jsHeapBytes}, wasm ${memory.wasmBytes}, ` +
        `${counters.domNodes} DOM nodes, ${counters.listeners} listeners`,
    );
  }
  if (errors.length > 0) throw new Error(`page errors in fast-forward: ${errors.join("; ")}`);
  await context.close();
  const first = minutesRun[0];
  const last = minutesRun[minutesRun.length - 1];
  const growth = (key) => (last[key] - first[key]) / first[key];
  const grown = (key) => last[key] - first[key];
  const simulateMs = minutesRun.map((run) => run.simulateMs);
  return {
    minutes: minutesRun,
    firstMinuteMs: first.shownMs,
    medianMinuteMs: median(simulateMs),
    deliveriesPerWallSecond: (60 * DELIVERIES_PER_SIM_SECOND) / (median(simulateMs) / 1_000),
    jsHeapGrowth: growth("jsHeapBytes"),
    dataGrowth: growth("dataBytes"),
    codeGrownBytes: grown("codeBytes"),
    domNodesGrown: grown("domNodes"),
    listenersGrown: grown("listeners"),
    wasmGrowth: growth("wasmBytes"),
  };
}

/**
 * Takes the running page's frames away for a while, as a hidden tab loses them, then gives
 * them back, and records every frame and every render of the clock around that.
 *
 * Headless Chromium keeps a background tab's frames running, and ignores
 * `Page.setWebLifecycleState` for a visible page (both tried: no gap in the frames). So the
 * gap comes from blocking the main thread: the app sees what it sees after a hidden tab, one
 * frame whose timestamp is seconds after the last.
 */
async function hiddenTab(browser, url) {
  const { context, page, errors } = await openPage(browser, url + HEAVY_URL_QUERY);
  await interactiveAt(page);
  await page.waitForTimeout(1_000);
  await page.evaluate((sim) => {
    const shown = () => Number.parseFloat(document.querySelector(sim)?.textContent ?? "NaN");
    window.__benchFrames = [];
    window.__benchRenders = [];
    const frame = (now) => {
      window.__benchFrames.push([now, shown()]);
      requestAnimationFrame(frame);
    };
    frame.benchOwn = true;
    requestAnimationFrame(frame);
    new MutationObserver(() => window.__benchRenders.push([performance.now(), shown()])).observe(
      document.querySelector(sim),
      { childList: true, characterData: true, subtree: true },
    );
  }, sim);
  await page.waitForTimeout(1_000);
  await page.evaluate((millis) => {
    const until = performance.now() + millis;
    while (performance.now() < until) {
      // Hold the main thread: no frames, no tasks.
    }
  }, hiddenSeconds * 1_000);
  await page.waitForTimeout(1_000);
  const { frames, renders } = await page.evaluate(() => ({
    frames: window.__benchFrames,
    renders: window.__benchRenders,
  }));
  if (errors.length > 0) throw new Error(`page errors around the gap: ${errors.join("; ")}`);
  await context.close();

  // The gap is the longest pause between two frames; everything after it is the return.
  let gapAt = 1;
  for (let i = 1; i < frames.length; i += 1) {
    if (frames[i][0] - frames[i - 1][0] > frames[gapAt][0] - frames[gapAt - 1][0]) gapAt = i;
  }
  const [beforeWall, beforeSim] = frames[gapAt - 1];
  const [backWall, backSim] = frames[gapAt];
  const secondAfter = frames.slice(gapAt).filter(([wall]) => wall - backWall < 1_000);
  const rendersAfter = renders.filter(([wall]) => wall > beforeWall && wall - backWall < 1_000);
  // A stale frame shows an older time than the frame before it.
  let stale = 0;
  for (let i = 1; i < secondAfter.length; i += 1) {
    if (secondAfter[i][1] < secondAfter[i - 1][1]) stale += 1;
  }
  return {
    gapMs: backWall - beforeWall,
    firstFrameJumpS: backSim - beforeSim,
    framesInFirstSecond: secondAfter.length,
    rendersInFirstSecond: rendersAfter.length,
    staleFrames: stale,
  };
}

const pct = (ratio) => `${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(1)} %`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

async function main() {
  const server = await start(dist);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const results = { chromium: browser.version(), dist };
  try {
    console.error("bundle");
    results.bundle = bundle();
    console.error("empty page frames");
    results.emptyPage = await emptyPageFrames(browser);
    console.error("load time");
    results.load = await loadTimes(browser, server.url);
    console.error("heavy load at 1x");
    results.heavy = await heavyAtOneX(browser, server.url);
    console.error("hidden tab");
    results.hidden = await hiddenTab(browser, server.url);
    console.error(`fast-forward, ${minutes} simulated minutes`);
    results.fastForward = await fastForwardAndMemory(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
  writeFileSync(jsonPath, JSON.stringify(results, null, 2));

  const { bundle: b, emptyPage: e, load: l, heavy: h, hidden: d, fastForward: f } = results;
  const rows = [
    ["figure", "measured", "target", "peer / ratio"],
    [
      "heavy 1x: median fps",
      h.medianFps.toFixed(1),
      ">= 58",
      `empty page ${e.medianFps.toFixed(1)} fps; ${(h.medianFps / e.medianFps).toFixed(2)}x`,
    ],
    [
      "heavy 1x: p95 frame time",
      `${h.p95FrameMs.toFixed(1)} ms`,
      "<= 20 ms",
      `empty page ${e.p95FrameMs.toFixed(1)} ms; max ${h.maxFrameMs.toFixed(1)} ms`,
    ],
    [
      "heavy 1x: app frame callback / render",
      `${h.appCallbackMs.toFixed(1)} / ${h.appRenderMs.toFixed(1)} ms`,
      "budget 12 ms + render",
      "medians; callback = advance the clock + snapshot, render = Yew's",
    ],
    [
      "heavy 1x: simulated s per wall s",
      h.simPerWall.toFixed(3),
      "1.0 (1x)",
      h.pace ? `page says: ${h.pace}` : "no pace warning shown",
    ],
    [
      "bundle (wasm+js+css, gzip -9)",
      kb(b.gzip),
      "<= 200 KiB",
      `raw ${kb(b.raw)}; ${b.files.map((x) => `${x.name} ${kb(x.gzip)}`).join(", ")}`,
    ],
    [
      `load: navigation start -> ${l.mark}`,
      `${l.medianMs.toFixed(0)} ms`,
      "<= 300 ms",
      `${l.fastestMs.toFixed(0)}..${l.slowestMs.toFixed(0)} ms over ${loads} loads; ` +
        `DOMContentLoaded ${l.domContentLoadedMs.toFixed(0)} ms`,
    ],
    [
      "fast-forward 1 simulated minute",
      `${(f.firstMinuteMs / 1_000).toFixed(2)} s`,
      "<= 2 s",
      `median minute ${(f.medianMinuteMs / 1_000).toFixed(2)} s = ` +
        `${(f.deliveriesPerWallSecond / 1e6).toFixed(2)} M deliveries/s` +
        (w1Wasm ? `; ${((f.deliveriesPerWallSecond / 1e6) / w1Wasm).toFixed(3)}x W1 wasm (${w1Wasm} M/s)` : ""),
    ],
    [
      `memory, minute 1 -> ${minutes}: JS heap`,
      pct(f.jsHeapGrowth),
      "within 5 %",
      `${kb(f.minutes[0].jsHeapBytes)} -> ${kb(f.minutes[f.minutes.length - 1].jsHeapBytes)}`,
    ],
    [
      `memory, minute 1 -> ${minutes}: JS data`,
      pct(f.dataGrowth),
      "within 5 %",
      `heap snapshot without compiled code: ${kb(f.minutes[0].dataBytes)} -> ` +
        `${kb(f.minutes[f.minutes.length - 1].dataBytes)}; compiled code ` +
        `${f.codeGrownBytes >= 0 ? "+" : ""}${kb(f.codeGrownBytes)}; DOM nodes ` +
        `${f.domNodesGrown >= 0 ? "+" : ""}${f.domNodesGrown}, listeners ` +
        `${f.listenersGrown >= 0 ? "+" : ""}${f.listenersGrown}`,
    ],
    [
      `memory, minute 1 -> ${minutes}: wasm`,
      pct(f.wasmGrowth),
      "within 5 %",
      `${kb(f.minutes[0].wasmBytes)} -> ${kb(f.minutes[f.minutes.length - 1].wasmBytes)}`,
    ],
    [
      `hidden ${hiddenSeconds} s: first frame's clock jump`,
      `${d.firstFrameJumpS.toFixed(3)} s`,
      "<= 0.25 s (1x)",
      `gap ${(d.gapMs / 1_000).toFixed(2)} s without frames`,
    ],
    [
      "hidden: stale frames after return",
      String(d.staleFrames),
      "0",
      `${d.framesInFirstSecond} frames, ${d.rendersInFirstSecond} clock renders in the first second`,
    ],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  console.log(`page benchmark, Chromium ${results.chromium}, ${dist}`);
  for (const row of rows) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  "));
  }
  console.log(`(all figures: ${jsonPath})`);
}

await main();
