/**
 * @module
 * Browser UI benchmark on a symbol-year (the DEMO run: 97,740 1-minute bars, ~2,050 fills)
 * with Debian's Chromium: a real `hewston serve` in a temp data dir, the run detail page
 * opened cold, then played at speed 60 (a year in a minute) to the end, then seeked.
 *
 *     scripts/deno run -A scripts/bench/ui_bench.ts [--speed 60] [--seeks 10]
 *         [--data-dir DIR] [--trace FILE] [--trace-load FILE]
 *
 * `--data-dir` reuses a data dir (the DEMO dataset and run are built once, then found);
 * `--trace` writes a Chromium trace of the playback (open it in chrome://tracing or Perfetto),
 * `--trace-load` one of the navigation up to the chart's first paint.
 * Each long task is printed with what the page did in that frame (the long-animation-frame
 * entry: its scripts, style/layout and paint time), so a regression names its cause.
 *
 *     scripts/deno run -A scripts/bench/ui_bench.ts --form [--form-runs 5]   (issue 13: the
 *         New run form → run detail painted, backtest included; see ui_form_bench.ts)
 *
 * Prints: navigation → chart painted (ms); during playback the rendered frames per second
 * (requestAnimationFrame, median of 1-s windows), long tasks over 50 ms, the JS heap at the end;
 * seek → chart updated (median and max over the seeks). Goals (issue 12): ≤ 700 ms; ≥ 30 fps,
 * 0 long tasks, ≤ 150 MB; ≤ 100 ms.
 */
import { parseArgs } from "node:util";
import { launchChromium } from "../../tests/_browser.ts";
import { startServer } from "../../tests/_server.ts";
import { DEMO_SPEC } from "../../src/market/build_dataset.ts";
import { demoRunRequest } from "../../src/services/runs/demo_run.ts";
import { formBench } from "./ui_form_bench.ts";

// The New run form's section runs on its own (its server, its figures).
if (Deno.args.includes("--form")) {
  await formBench(Deno.args);
  Deno.exit(0);
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    speed: { type: "string", default: "60" },
    seeks: { type: "string", default: "10" },
    "data-dir": { type: "string" },
    trace: { type: "string" },
    "trace-load": { type: "string" },
  },
});
const speed = Number(values.speed);
/** What a `--trace`/`--trace-load` file records. */
const TRACE_CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "v8",
  "v8.execute",
  "disabled-by-default-v8.gc",
  "blink",
  "cc",
  "gpu",
  "toplevel",
  // Samples of the page's JS (function self/total time).
  "disabled-by-default-v8.cpu_profiler",
];
const seeks = Number(values.seeks);

const median = (a: number[]) => {
  const s = a.slice().sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

const dir = values["data-dir"] ?? await Deno.makeTempDir({ prefix: "hewston-ui-bench-" });
const srv = await startServer(dir, ["--workers", "2"]);
const browser = await launchChromium(["--enable-precise-memory-info"]);
try {
  // The first start builds the DEMO dataset (a symbol-year) and the DEMO run; the request
  // is idempotent, so asking for it again finds the same run.
  // A symbol-year dataset and run take minutes on a loaded machine.
  const deadline = Date.now() + 600_000;
  while ((await (await fetch(`${srv.url}/healthz`)).json()).demo !== "ready") {
    if (Date.now() > deadline) throw new Error("the DEMO dataset was not built");
    await new Promise((r) => setTimeout(r, 250));
  }
  const made = await fetch(`${srv.url}/backtests`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(demoRunRequest(DEMO_SPEC)),
  });
  const runId: string = (await made.json()).run_id;
  while ((await (await fetch(`${srv.url}/backtests/${runId}`)).json()).status !== "DONE") {
    if (Date.now() > deadline) throw new Error("the DEMO run did not finish");
    await new Promise((r) => setTimeout(r, 250));
  }
  // The server's first series of the run (files decoded, body encoded: in workers), with
  // /healthz asked every 10 ms meanwhile: the longest wait for an answer is how long the
  // server's event loop was held.
  const healthGaps: number[] = [];
  let pinging = true;
  const pinger = (async () => {
    let last = performance.now();
    while (pinging) {
      await (await fetch(`${srv.url}/healthz`)).body?.cancel();
      const now = performance.now();
      healthGaps.push(now - last);
      last = now;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const s0 = performance.now();
  const firstSeries = await fetch(`${srv.url}/backtests/${runId}/series?format=binary`, {
    headers: { "Accept-Encoding": "gzip" },
  });
  const firstBytes = (await firstSeries.arrayBuffer()).byteLength;
  const firstSeriesMs = performance.now() - s0;
  pinging = false;
  await pinger;
  const series = await (await fetch(`${srv.url}/backtests/${runId}/series`)).json();
  const bars: number = series.bars.ts.length;
  const fills: number = series.fills.bar.length;

  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    const w = globalThis as unknown as Record<string, unknown>;
    const perf = {
      frames: [] as number[],
      long: [] as number[],
      longAt: [] as number[],
      loaf: [] as Record<string, unknown>[],
    };
    w.__perf = perf;
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        perf.long.push(e.duration);
        perf.longAt.push(e.startTime);
      })
    ).observe({ type: "longtask", buffered: true });
    // What each long frame did (Chrome 123+): scripts with their source, then style, layout
    // and paint (from renderStart / styleAndLayoutStart to the end).
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        if (e.duration <= 50) return;
        // deno-lint-ignore no-explicit-any
        const f = e as any;
        perf.loaf.push({
          start: f.startTime,
          duration: f.duration,
          blocking: f.blockingDuration,
          render: f.renderStart ? f.startTime + f.duration - f.renderStart : 0,
          styleLayout: f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0,
          scripts: (f.scripts ?? []).map((x: Record<string, unknown>) => ({
            invoker: x.invoker,
            fn: x.sourceFunctionName,
            at: x.sourceCharPosition,
            duration: x.duration,
            forcedLayout: x.forcedStyleAndLayoutDuration,
          })),
        });
      })
    ).observe({ type: "long-animation-frame", buffered: true });
    // deno-lint-ignore no-explicit-any
    const raf = (globalThis as any).requestAnimationFrame as (f: (t: number) => void) => void;
    const tick = (t: number) => {
      perf.frames.push(t);
      raf(tick);
    };
    raf(tick);
  });

  // Navigation → chart painted (the page's first animation frame after its first draw).
  if (values["trace-load"]) {
    await browser.startTracing(page, {
      path: values["trace-load"],
      categories: TRACE_CATEGORIES,
    });
  }
  await page.goto(`${srv.url}/ui/runs/${runId}`);
  await page.waitForFunction(
    () =>
      ((globalThis as unknown as { __hewstonPlayback?: { firstPaintAt: number } })
        .__hewstonPlayback?.firstPaintAt ?? 0) > 0,
    null,
    { timeout: 30_000 },
  );
  if (values["trace-load"]) await browser.stopTracing();
  const paintMs = await page.evaluate(() =>
    (globalThis as unknown as { __hewstonPlayback: { firstPaintAt: number } }).__hewstonPlayback
      .firstPaintAt
  );
  const seriesMs = await page.evaluate(() =>
    (globalThis as unknown as { __hewstonSeriesMs?: number }).__hewstonSeriesMs ?? NaN
  );
  // Where the first paint's time went: when each request of the page ended.
  const loadSteps = await page.evaluate(() => {
    const out: string[] = [];
    type Timing = { name: string; startTime: number; responseStart: number; responseEnd: number };
    const nav = performance.getEntriesByType("navigation")[0] as unknown as Timing & {
      domContentLoadedEventEnd: number;
    };
    out.push(`page ${nav.responseEnd.toFixed(0)}`);
    out.push(`DOMContentLoaded ${nav.domContentLoadedEventEnd.toFixed(0)}`);
    for (const r of performance.getEntriesByType("resource") as unknown as Timing[]) {
      const path = new URL(r.name).pathname.replace(/^\/backtests\/[^/]+/, "/backtests/{id}")
        .replace(/-[A-Z0-9]{8}\./, ".");
      // start → first byte → last byte
      out.push(
        `${path} ${r.startTime.toFixed(0)}→${r.responseStart.toFixed(0)}→${
          r.responseEnd.toFixed(0)
        }`,
      );
    }
    return out.join(", ");
  });
  await page.getByText(/Paused · WebSocket/).waitFor({ timeout: 10_000 });

  // Playback at `speed` from the start to the end.
  await page.getByRole("combobox", { name: "Speed" }).selectOption(String(speed));
  type Perf = {
    frames: number[];
    long: number[];
    longAt: number[];
    loaf: Record<string, unknown>[];
    playAt?: number;
  };
  await page.evaluate(() => {
    const p = (globalThis as unknown as { __perf: Perf }).__perf;
    p.frames.length = 0;
    p.long.length = 0;
    p.longAt.length = 0;
    p.loaf.length = 0;
    p.playAt = performance.now();
  });
  if (values.trace) {
    await browser.startTracing(page, {
      path: values.trace,
      categories: TRACE_CATEGORIES,
    });
  }
  const t0 = Date.now();
  await page.getByRole("button", { name: "Play" }).click();
  // Polled from here with one cheap query: a locator's text wait would scan the whole page
  // (a thousand trade rows) on every animation frame, inside the frames being measured.
  const transport = () =>
    page.evaluate(() =>
      (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } } })
        .document.querySelector('[aria-label="Transport"]')?.textContent ?? ""
    );
  while (!/^Ended · /.test(await transport())) {
    if (Date.now() - t0 > 600_000) throw new Error("playback did not end");
    await new Promise((r) => setTimeout(r, 250));
  }
  const wallS = (Date.now() - t0) / 1000;
  if (values.trace) await browser.stopTracing();
  const perf = await page.evaluate(() => (globalThis as unknown as { __perf: Perf }).__perf);
  // (A page without the mark — an older build — counts every task as during the playback.)
  const endedAt = await page.evaluate(() =>
    (globalThis as unknown as { __hewstonPlayback: { endedAt?: number } }).__hewstonPlayback
      .endedAt || Infinity
  );
  const heapMb = await page.evaluate(() =>
    ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
      ?.usedJSHeapSize ?? NaN) / 2 ** 20
  );
  // Frames per 1-s window of the playback.
  const start = perf.frames[0];
  const perSecond: number[] = [];
  for (const t of perf.frames) {
    const k = Math.floor((t - start) / 1000);
    perSecond[k] = (perSecond[k] ?? 0) + 1;
  }
  const fpsWindows = perSecond.slice(0, -1).map((n) => n ?? 0);
  // During playback: tasks that started before the server said it ended (after it, the
  // still chart re-aggregates to the zoom, reported apart).
  const longDetail = perf.long.map((d, i) => ({
    d,
    at: perf.longAt[i] - (perf.playAt ?? 0),
    during: perf.longAt[i] < endedAt,
  })).filter((x) => x.d > 50);
  const longOver50 = longDetail.filter((x) => x.during).map((x) => x.d);
  const longAfter = longDetail.filter((x) => !x.during).map((x) => x.d);

  // Seek → chart updated: set the scrubber, wait for the frame after the draw at that bar.
  const seekMs: number[] = [];
  for (let i = 0; i < seeks; i++) {
    const target = Math.floor(((i * 7919) % 97) / 97 * (bars - 1));
    seekMs.push(
      await page.evaluate(async (target) => {
        // deno-lint-ignore no-explicit-any
        const el = (globalThis as any).document.querySelector('input[aria-label="Playhead"]');
        const probe = (globalThis as unknown as { __hewstonPlayback: { pos: number } })
          .__hewstonPlayback;
        // deno-lint-ignore no-explicit-any
        const raf = (globalThis as any).requestAnimationFrame as (f: () => void) => void;
        const t = performance.now();
        el.value = String(target);
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
        await new Promise<void>((resolve) => {
          const check = () => probe.pos === target ? raf(() => resolve()) : raf(check);
          check();
        });
        return performance.now() - t;
      }, target),
    );
  }

  const load = Deno.loadavg().map((x) => x.toFixed(1)).join(" ");
  console.log(`ui_bench: run ${runId}, ${bars} bars, ${fills} fills; load avg ${load}`);
  console.log(
    `server, first /series of the run (binary, gzip): ${firstSeriesMs.toFixed(0)} ms, ` +
      `${(firstBytes / 2 ** 20).toFixed(1)} MiB decoded; longest /healthz wait meanwhile ` +
      `${Math.max(...healthGaps).toFixed(0)} ms over ${healthGaps.length} answers`,
  );
  console.log(
    `navigation → chart painted: ${paintMs.toFixed(0)} ms (goal ≤ 700; series received and ` +
      `decoded in ${seriesMs.toFixed(0)} ms)`,
  );
  console.log(`  requests (ms from navigation): ${loadSteps}`);
  console.log(
    `playback at speed ${speed}: ${wallS.toFixed(1)} s wall; rAF frames/s median ` +
      `${median(fpsWindows)} (min ${Math.min(...fpsWindows)}, goal ≥ 30); long tasks > 50 ms: ` +
      `${longOver50.length}${
        longOver50.length ? ` (max ${Math.max(...longOver50).toFixed(0)} ms)` : ""
      } ` +
      `(goal 0); JS heap at end ${heapMb.toFixed(1)} MB (goal ≤ 150)`,
  );
  console.log(
    `after the end (the still chart re-aggregated to its zoom): long tasks > 50 ms: ` +
      `${longAfter.length}${
        longAfter.length ? ` (max ${Math.max(...longAfter).toFixed(0)} ms)` : ""
      }`,
  );
  for (const x of longDetail) {
    console.log(
      `  long task ${x.d.toFixed(0)} ms at ${(x.at / 1000).toFixed(2)} s after Play` +
        (x.during ? "" : " (after the end)"),
    );
  }
  for (const f of perf.loaf) {
    const at = ((f.start as number) - (perf.playAt ?? 0)) / 1000;
    console.log(
      `  long frame ${(f.duration as number).toFixed(0)} ms at ${at.toFixed(2)} s ` +
        `(blocking ${(f.blocking as number).toFixed(0)}, style+layout+paint ${
          (f.render as number).toFixed(0)
        } ms): ${JSON.stringify(f.scripts)}`,
    );
  }
  console.log(
    `seek → chart updated: median ${median(seekMs).toFixed(1)} ms, max ${
      Math.max(...seekMs).toFixed(1)
    } ms over ${seeks} seeks (goal ≤ 100)`,
  );
} finally {
  await browser.close();
  await srv.stop();
}
