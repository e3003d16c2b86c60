/**
 * @module
 * The browser UI's Sweeps benchmark (issue 13; a section of the UI benchmarks beside
 * `ui_bench.ts`): a 10 × 19 sweep (fast 5..50 × slow 20..200) on the DEMO
 * symbol-year, launched over the API while its page is open in Chromium; measured from the
 * sweep's DONE event reaching the page to its heatmap painted (the animation frame after the
 * canvas draw), and from the server's finish time to the same paint. Also a cold load of the
 * DONE sweep's page (navigation → heatmap painted). Goal (issue 13): ≤ 300 ms after DONE.
 *
 *     scripts/deno run -A scripts/bench/ui_sweeps_bench.ts [--reps 3]
 */
import { parseArgs } from "node:util";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../tests/_browser.ts";
import { type Server, startServer } from "../../tests/_server.ts";

/** What the section measured, in ms. */
export interface SweepHeatmapFigures {
  members: number;
  cells: number;
  /** DONE event in the page → heatmap painted, per repetition. */
  afterDoneMs: number[];
  /** Server's finish time → heatmap painted (same machine clock), per repetition. */
  afterFinishMs: number[];
  /** Navigation to a DONE sweep → heatmap painted. */
  coldMs: number;
}

type Marks = { done: number | null; painted: number | null; origin: number };

/** Runs the section on `srv` (the DEMO dataset READY) with `reps` sweeps. */
export async function benchSweepHeatmap(
  browser: Browser,
  srv: Server,
  reps = 3,
): Promise<SweepHeatmapFigures> {
  const afterDoneMs: number[] = [];
  const afterFinishMs: number[] = [];
  let members = 0;
  let cells = 0;
  let lastId = "";
  for (let i = 0; i < reps; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    // Other fees each time: another sweep, never the identical one found again.
    const res = await fetch(`${srv.url}/sweeps`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        run: {
          symbol: "DEMO",
          from: "2024-01-01",
          to: "2024-12-31",
          strategy: { name: "sma_crossover", params: {} },
          execution: { fees_bps: 1 + i + Math.round(performance.now()) % 1000 / 1000 },
        },
        grid: { fast: "5:50:5", slow: "20:200:10" },
      }),
    });
    const sub = await res.json();
    if (res.status !== 202) throw new Error(`POST /sweeps: ${res.status} ${JSON.stringify(sub)}`);
    members = sub.members;
    lastId = sub.sweep_id;
    await page.goto(`${srv.url}/ui/sweeps/${sub.sweep_id}`);
    await page.getByRole("progressbar").or(page.getByRole("application")).first().waitFor();
    await page.getByRole("application", { name: /^Heatmap of sharpe/ }).waitFor({
      timeout: 600_000,
    });
    await page.waitForFunction(() =>
      performance.getEntriesByName("hewston:heatmap-painted").length > 0
    );
    const marks: Marks = await page.evaluate(() => ({
      done: performance.getEntriesByName("hewston:sweep-done")[0]?.startTime ?? null,
      painted: performance.getEntriesByName("hewston:heatmap-painted")[0]?.startTime ?? null,
      origin: performance.timeOrigin,
    }));
    const detail = await (await fetch(`${srv.url}/sweeps/${sub.sweep_id}`)).json();
    const heat = await (await fetch(`${srv.url}/sweeps/${sub.sweep_id}/heatmap`)).json();
    cells = heat.z.length * heat.x.values.length;
    if (marks.done === null || marks.painted === null) {
      throw new Error("the page did not see the sweep's DONE event (it was DONE before the page)");
    }
    afterDoneMs.push(marks.painted - marks.done);
    afterFinishMs.push(marks.origin + marks.painted - Date.parse(detail.finished_at));
    await ctx.close();
  }
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/ui/sweeps/${lastId}`);
  await page.waitForFunction(() =>
    performance.getEntriesByName("hewston:heatmap-painted").length > 0
  );
  const coldMs = await page.evaluate(() =>
    performance.getEntriesByName("hewston:heatmap-painted")[0].startTime
  );
  await ctx.close();
  return { members, cells, afterDoneMs, afterFinishMs, coldMs };
}

/** The section's lines for the report. */
export function sweepHeatmapReport(f: SweepHeatmapFigures): string[] {
  const med = (a: number[]) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  return [
    `sweep heatmap (${f.cells} cells, ${f.members} members, DEMO symbol-year): DONE event → ` +
    `heatmap painted median ${ms(med(f.afterDoneMs))}, max ${ms(Math.max(...f.afterDoneMs))} ` +
    `over ${f.afterDoneMs.length} sweeps (goal ≤ 300); server finish → painted median ` +
    `${ms(med(f.afterFinishMs))}; cold page load → painted ${ms(f.coldMs)}`,
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { reps: { type: "string", default: "3" } },
  });
  const dir = await Deno.makeTempDir({ prefix: "hewston-ui-sweeps-bench-" });
  const srv = await startServer(dir, ["--workers", "2"]);
  const browser = await launchChromium();
  try {
    // The first start builds the DEMO dataset (a symbol-year) the sweeps run on.
    const deadline = Date.now() + 180_000;
    while ((await (await fetch(`${srv.url}/healthz`)).json()).demo !== "ready") {
      if (Date.now() > deadline) throw new Error("the DEMO dataset was not built");
      await new Promise((r) => setTimeout(r, 250));
    }
    const f = await benchSweepHeatmap(browser, srv, Number(values.reps));
    const load = Deno.loadavg().map((x) => x.toFixed(1)).join(" ");
    console.log(`ui_sweeps_bench: load avg ${load}`);
    for (const line of sweepHeatmapReport(f)) console.log(line);
  } finally {
    await browser.close();
    await srv.stop();
    await Deno.remove(dir, { recursive: true });
  }
}
