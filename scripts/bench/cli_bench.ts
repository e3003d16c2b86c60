/**
 * @module
 * Issue 8's CLI goal: `hewston backtest` for one symbol-year from a cold process, warm caches
 * (the dataset exists, Deno's module cache and the OS page cache are warm), a new
 * configuration each time so the run really computes. Goal: whole process ≤ 250 ms.
 *
 * Prints, as medians over `--runs` processes:
 *  - total: the whole `./hewston backtest … --json` process, launcher included;
 *  - Deno start: `deno run` of an empty module (runtime boot and exit, no Hewston code);
 *  - the process's own marks, printed to stderr with `HEWSTON_TIMINGS=1`
 *    (`src/cli/timings.ts`): module load (process origin → `main`, plus the action's import),
 *    worker start (0: the CLI runs its one backtest in its own thread), Parquet init (the part
 *    of parquet-wasm's start-up no other stage overlaps; 0 since Parquet is written by
 *    `store/parquet_writer.ts` and a backtest never loads the WASM — kept for `--root` runs of
 *    older checkouts), load (bars read from `bars.columns`), engine, artifacts (validation
 *    summary + files), other in process (the time no stage covers: catalog, dataset lookup,
 *    input hash, events, retention, printing);
 *  - total: the whole process as the shell sees it.
 *
 * Usage: scripts/deno run -A scripts/bench/cli_bench.ts [--runs 15] [--data-dir DIR] [--root CHECKOUT]
 */
import { parseArgs } from "node:util";
import { join } from "node:path";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "15" },
    "data-dir": { type: "string" },
    // Another checkout to measure (e.g. an older commit, for a before/after figure).
    root: { type: "string" },
  },
});
const runs = Number(values.runs);
const root = values.root ?? new URL("../../", import.meta.url).pathname;
const dataDir = values["data-dir"] ??
  join(Deno.env.get("TMPDIR") ?? "/tmp", "hewston-cli-bench");
const env = { HEWSTON_DATA_DIR: dataDir, NO_COLOR: "1" };

async function exec(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const t0 = performance.now();
  const out = await new Deno.Command(cmd, {
    args,
    env: { ...env, ...extraEnv },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const ms = performance.now() - t0;
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return {
    ms,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** Length of the union of time spans. */
function covered(spans: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** Length of the part of `spans` that `others` also cover. */
function overlap(spans: [number, number][], others: [number, number][]): number {
  return covered(spans) + covered(others) - covered([...spans, ...others]);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};

// The dataset (built once, outside the timing).
await exec(join(root, "hewston"), ["data", "--demo", "--json"]);

const empty = await Deno.makeTempFile({ suffix: ".ts" });
await Deno.writeTextFile(empty, "");
const deno = join(root, "scripts/deno");

// Milliseconds, not seconds: a bench started within `runs` seconds of the last one on the same
// data dir reused its fees, found its runs and stopped.
let seq = Date.now() % 1_000_000_000;
const totals: number[] = [];
const starts: number[] = [];
const marks = new Map<string, number[]>();
const put = (k: string, ms: number) => marks.set(k, [...(marks.get(k) ?? []), ms]);
for (let i = 0; i < runs + 2; i++) {
  // A fee no earlier run used: the run is new work, the rest of the config the same.
  const fees = (1 + (seq++) * 1e-9).toFixed(12);
  const args = [
    "backtest",
    "--symbol",
    "DEMO",
    "--from",
    "2024-01-01",
    "--to",
    "2024-12-31",
    "--strategy",
    "sma_crossover",
    "--param",
    "fast=20",
    "--param",
    "slow=50",
    "--k-spread",
    "0.5",
    `--fees-bps=${fees}`,
    "--json",
  ];
  const r = await exec(join(root, "hewston"), args, { HEWSTON_TIMINGS: "1" });
  const s = await exec(deno, ["run", "--quiet", empty]);
  if (i < 2) continue; // warm-up: page cache, module cache
  const out = JSON.parse(r.stdout);
  if (out.existed) throw new Error("the run existed: the benchmark must compute a new run");
  totals.push(r.ms);
  starts.push(s.ms);
  const line = r.stderr.split("\n").find((l) => l.startsWith('{"timings"'));
  if (!line) continue;
  const doc = JSON.parse(line);
  const t = doc.timings as Record<string, number>;
  const spans = (doc.spans ?? {}) as Record<string, [number, number][]>;
  const v = (k: string) => t[k] ?? 0;
  put("module load", v("module load") + v("action load"));
  put("worker start", 0); // the CLI runs its backtest in this thread (jobs/cli_runner.ts)
  // Parquet compiles beside the bars load and the engine: only the part no other stage
  // covers adds to the process's time.
  const others = Object.entries(spans).filter(([k]) => k !== "parquet init").flatMap(([, s]) => s);
  put(
    "parquet init",
    covered(spans["parquet init"] ?? []) - overlap(spans["parquet init"] ?? [], others),
  );
  put("load", v("load"));
  put("engine", v("engine"));
  put("artifacts", v("artifacts"));
  put("other in process", v("in process") - covered(Object.values(spans).flat()));
}
await Deno.remove(empty);

const f = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
console.log(`hewston backtest, one symbol-year (DEMO 2024), ${runs} cold processes, medians`);
console.log(`  Deno start          ${f(median(starts))}  (deno run of an empty module)`);
for (const [k, xs] of marks) console.log(`  ${k.padEnd(19)} ${f(median(xs))}`);
if (marks.size === 0) console.log("  (no HEWSTON_TIMINGS line: this build does not print one)");
const sorted = [...totals].sort((a, b) => a - b);
console.log(
  `  total               ${f(median(totals))}  (whole process, launcher included; p90 ${
    f(sorted[Math.floor(sorted.length * 0.9)])
  }; goal ≤ 250 ms)`,
);
