/**
 * @module
 * Issue 3 benchmarks, printing their figures:
 *  - a full run, warm (dataset built and cached, code JIT-warm), including artifacts and
 *    catalog rows, for one symbol-year — goal ≤ 100 ms;
 *  - the artifacts' size for one symbol-year — goal ≤ 5 MB.
 * In-process (no worker) so the figure is the run's own work: parse + hash inputs, load
 * bars, engine, Parquet/JSON artifacts, manifest, catalog rows.
 *
 * Usage: scripts/deno run -A scripts/bench/run_bench.ts [--runs 20]
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { DEMO_SPEC, LocalMarketData } from "../../src/market/build_dataset.ts";
import { executeRun } from "../../src/services/runs/execute_run.ts";
import { prepareRun } from "../../src/services/runs/prepare_run.ts";
import { resolveDataDir } from "../../src/store/data_dir.ts";
import { openStore } from "../../src/store/open_store.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "20" } },
});
const runs = Number(values.runs);
const dir = resolveDataDir(join(Deno.env.get("TMPDIR") ?? "/tmp", "hewston-run-bench"));
const store = await openStore(dir);
const catalog = store.catalog;
const ctx = { dir, catalog, runs: store.runs, trials: store.trials };
const built = await new LocalMarketData(dir, catalog).ensureDataset(DEMO_SPEC);
console.log(`dataset ${built.dataset.datasetId}: ${built.bars.toLocaleString("en-US")} bars`);

let seq = Date.now() % 100_000; // distinct fees per iteration, so every run is new work
async function oneRun(): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const { run } = await prepareRun(ctx, {
    dataset_id: built.dataset.datasetId,
    strategy_id: "sma_crossover",
    params: { fast: 20, slow: 50 },
    seed: 42,
    execution: { fees_bps: 1 + (seq++) * 1e-9, slippage: { model: "k_spread", k: 0.5 } },
  });
  const done = await executeRun(ctx, run.runId);
  const ms = performance.now() - t0;
  return { ms, bytes: done.files.reduce((a, f) => a + f.size, 0) };
}

for (let i = 0; i < 5; i++) await oneRun(); // warm-up: JIT, parquet-wasm, page cache
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const r = await oneRun();
  times.push(r.ms);
  bytes = r.bytes;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `full run, warm, one symbol-year: median ${median.toFixed(1)} ms, p90 ${
    times[Math.floor(times.length * 0.9)].toFixed(1)
  } ms over ${runs} runs  (goal ≤ 100 ms)`,
);
console.log(`artifacts for one symbol-year: ${(bytes / 1e6).toFixed(2)} MB  (goal ≤ 5 MB)`);
catalog.close();
await Deno.remove(dir.root, { recursive: true });
