/**
 * @module
 * Browser UI benchmark on a symbol-year (the DEMO run: 97,740 1-minute bars, ~2,050 fills)
 * with Debian's Chromium: a real `hewston serve` in a temp data dir, the run detail page
 * opened cold, then played at speed 60 (a year in a minute) to the end, then seeked.
 *
 *     scripts/deno run -A scripts/bench/ui_bench.ts [--speed 60] [--seeks 10]
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
  options: { speed: { type: "string", default: "60" }, seeks: { type: "string", default: "10" } },
});
const speed = Number(values.speed);
const seeks = Number(values.seeks);

const median = (a: number[]) => {
  const s = a.slice().sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

const dir = await Deno.makeTempDir({ prefix: "hewston-ui-bench-" });
const srv = await startServer(dir, ["--workers", "2"]);
const browser = await launchChromium(["--enable-precise-memory-info"]);
try {
  // The first start builds the DEMO dataset (a symbol-year) and the DEMO run; the request
  // is idempotent, so asking for it again finds the same run.
  const deadline = Date.now() + 180_000;
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
  const series = await (await fetch(`${srv.url}/backtests/${runId}/series`)).json();
  const bars: number = series.bars.ts.length;
  const fills: number = series.fills.bar.length;

  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    const w = globalThis as unknown as Record<string, unknown>;
    const perf = { frames: [] as number[], long: [] as number[] };
    w.__perf = perf;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => perf.long.push(e.duration)))
      .observe({ type: "longtask", buffered: true });
    // deno-lint-ignore no-explicit-any
    const raf = (globalThis as any).requestAnimationFrame as (f: (t: number) => void) => void;
    const tick = (t: number) => {
      perf.frames.push(t);
      raf(tick);
    };
    raf(tick);
  });

  // Navigation → chart painted (the page's first animation frame after its first draw).
  await page.goto(`${srv.url}/ui/runs/${runId}`);
  await page.waitForFunction(
    () =>
      ((globalThis as unknown as { __hewstonPlayback?: { firstPaintAt: number } })
        .__hewstonPlayback?.firstPaintAt ?? 0) > 0,
    null,
    { timeout: 30_000 },
  );
  const paintMs = await page.evaluate(() =>
    (globalThis as unknown as { __hewstonPlayback: { firstPaintAt: number } }).__hewstonPlayback
      .firstPaintAt
  );
  await page.getByText(/Paused · WebSocket/).waitFor({ timeout: 10_000 });

  // Playback at `speed` from the start to the end.
  await page.getByRole("combobox", { name: "Speed" }).selectOption(String(speed));
  await page.evaluate(() => {
    const p = (globalThis as unknown as { __perf: { frames: number[]; long: number[] } }).__perf;
    p.frames.length = 0;
    p.long.length = 0;
  });
  const t0 = Date.now();
  await page.getByRole("button", { name: "Play" }).click();
  await page.getByText(/Ended · /).waitFor({ timeout: 600_000 });
  const wallS = (Date.now() - t0) / 1000;
  const perf = await page.evaluate(() =>
    (globalThis as unknown as { __perf: { frames: number[]; long: number[] } }).__perf
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
  const longOver50 = perf.long.filter((d) => d > 50);

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
  console.log(`navigation → chart painted: ${paintMs.toFixed(0)} ms (goal ≤ 700)`);
  console.log(
    `playback at speed ${speed}: ${wallS.toFixed(1)} s wall; rAF frames/s median ` +
      `${median(fpsWindows)} (min ${Math.min(...fpsWindows)}, goal ≥ 30); long tasks > 50 ms: ` +
      `${longOver50.length}${
        longOver50.length ? ` (max ${Math.max(...longOver50).toFixed(0)} ms)` : ""
      } ` +
      `(goal 0); JS heap at end ${heapMb.toFixed(1)} MB (goal ≤ 150)`,
  );
  console.log(
    `seek → chart updated: median ${median(seekMs).toFixed(1)} ms, max ${
      Math.max(...seekMs).toFixed(1)
    } ms over ${seeks} seeks (goal ≤ 100)`,
  );
} finally {
  await browser.close();
  await srv.stop();
}
