/**
 * @module
 * The New run form's benchmark (issue 13), the `--form` section of `ui_bench.ts`: on a real
 * `hewston serve` (temp data dir, or `--data-dir`) with the DEMO symbol-year (97,740 bars), the
 * New run page in Debian's Chromium submits a backtest no one ran before (new parameters each
 * time, no validation tests), follows its stages and opens its page; the figure is the click
 * on "Run backtest" → the run detail's chart painted (the page's first animation frame after
 * its first draw), backtest included.
 *
 *     scripts/deno run -A scripts/bench/ui_bench.ts --form [--form-runs 5] [--data-dir DIR]
 *
 * Prints each submit's figure with the server's own run time (queue wait to DONE) beside it,
 * then the median and max, and the machine's load. Goal (issue 13): ≤ 1.5 s.
 */
import { parseArgs } from "node:util";
import { launchChromium } from "../../tests/_browser.ts";
import { startServer } from "../../tests/_server.ts";

/** Runs the section with the process's arguments. */
export async function formBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      form: { type: "boolean" },
      "form-runs": { type: "string", default: "5" },
      "data-dir": { type: "string" },
    },
    strict: false,
  });
  const runs = Number(values["form-runs"]);
  const dir = typeof values["data-dir"] === "string"
    ? values["data-dir"]
    : await Deno.makeTempDir({ prefix: "hewston-ui-form-bench-" });
  const srv = await startServer(dir, ["--workers", "2"]);
  const browser = await launchChromium();
  try {
    const deadline = Date.now() + 180_000;
    while ((await (await fetch(`${srv.url}/healthz`)).json()).demo !== "ready") {
      if (Date.now() > deadline) throw new Error("the DEMO dataset was not built");
      await new Promise((r) => setTimeout(r, 250));
    }
    const ds = (await (await fetch(`${srv.url}/datasets?symbol=DEMO`)).json()).items[0];
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    // Parameters no run of this data dir has used: each submit is a new backtest.
    const taken = new Set<string>(
      (await (await fetch(`${srv.url}/backtests?limit=1000`)).json()).items
        .map((r: { params: { fast: number; slow: number } }) =>
          `${r.params.fast}/${r.params.slow}`
        ),
    );
    const figures: { ms: number; serverMs: number; runId: string }[] = [];
    let fast = 11;
    for (let i = 0; i < runs; i++) {
      while (taken.has(`${fast}/${fast + 40}`)) fast++;
      taken.add(`${fast}/${fast + 40}`);
      await page.goto(`${srv.url}/ui/new-run`);
      const form = page.getByRole("form", { name: "New run" });
      await form.getByRole("combobox", { name: "Dataset" }).selectOption(ds.dataset_id);
      await form.getByRole("spinbutton", { name: "fast", exact: true }).fill(String(fast));
      await form.getByRole("spinbutton", { name: "slow", exact: true }).fill(String(fast + 40));
      const t0 = await page.evaluate(() => {
        delete (globalThis as { __hewstonPlayback?: unknown }).__hewstonPlayback;
        return performance.now();
      });
      await form.getByRole("button", { name: "Run backtest" }).click();
      await page.waitForFunction(
        (t0) =>
          ((globalThis as unknown as { __hewstonPlayback?: { firstPaintAt: number } })
            .__hewstonPlayback?.firstPaintAt ?? 0) > t0,
        t0,
        { timeout: 120_000, polling: "raf" },
      );
      const [painted, accepted, done] = await page.evaluate(() => {
        const at = (name: string) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
        return [
          (globalThis as unknown as { __hewstonPlayback: { firstPaintAt: number } })
            .__hewstonPlayback.firstPaintAt,
          at("hewston:new-run:accepted"),
          at("hewston:new-run:done"),
        ];
      });
      const runId = new URL(page.url()).pathname.split("/").at(-1)!;
      const run = await (await fetch(`${srv.url}/backtests/${runId}`)).json();
      figures.push({ ms: painted - t0, serverMs: run.duration_ms, runId });
      console.log(
        `  fast=${fast} slow=${fast + 40}: form → run detail painted ${
          (painted - t0).toFixed(0)
        } ms = POST ${(accepted - t0).toFixed(0)} + until DONE seen ${
          (done - accepted).toFixed(0)
        } + run page painted ${
          (painted - done).toFixed(0)
        } (server: queued → DONE ${run.duration_ms} ms) run ${runId}`,
      );
      fast++;
    }
    const ms = figures.map((f) => f.ms).sort((a, b) => a - b);
    const server = figures.map((f) => f.serverMs).sort((a, b) => a - b);
    const load = Deno.loadavg().map((x) => x.toFixed(1)).join(" ");
    console.log(
      `ui_bench --form: ${ds.bar_count} bars, ${runs} new backtests; load avg ${load}`,
    );
    console.log(
      `form → run detail painted: median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, max ${
        ms.at(-1)!.toFixed(0)
      } ms (goal ≤ 1500); of which the backtest (queued → DONE) median ${
        server[Math.floor(server.length / 2)]
      } ms`,
    );
  } finally {
    await browser.close();
    await srv.stop();
  }
}
