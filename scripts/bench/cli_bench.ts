/**
 * @module
 * Issue 8's CLI goal: `hewston backtest` for one symbol-year from a cold process, warm caches
 * (the dataset exists, Deno's module cache and the OS page cache are warm), a new
 * configuration each time so the run really computes. Goal: whole process ≤ 250 ms.
 *
 * Prints, as medians over `--runs` processes:
 *  - total: the whole `./hewston backtest … --json` process, launcher included;
 *  - Deno start: `deno run` of an empty module (runtime boot, no Hewston code);
 *  - module load: `main.ts` importing its graph up to the first line of `main()`, less Deno start;
 *  - worker start, Parquet init, load, engine, artifacts: the process's own marks, printed
 *    to stderr when `HEWSTON_TIMINGS=1` (see `src/cli/timings.ts`);
 *  - other: the rest (catalog, dataset lookup, input hash, printing, exit).
 *
 * Usage: scripts/deno run -A scripts/bench/cli_bench.ts [--runs 15] [--data-dir DIR]
 */
import { parseArgs } from "node:util";
import { join } from "node:path";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "15" },
    "data-dir": { type: "string" },
  },
});
const runs = Number(values.runs);
const root = new URL("../../", import.meta.url).pathname;
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

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};

// The dataset (built once, outside the timing).
await exec(join(root, "hewston"), ["data", "--demo", "--json"]);

const empty = await Deno.makeTempFile({ suffix: ".ts" });
await Deno.writeTextFile(empty, "");
const deno = join(root, "scripts/deno");

let seq = Math.floor(Date.now() / 1000) % 1_000_000;
const totals: number[] = [];
const starts: number[] = [];
const loads: number[] = [];
const marks = new Map<string, number[]>();
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
  const v = await exec(join(root, "hewston"), ["--version"]);
  if (i < 2) continue; // warm-up: page cache, module cache
  const out = JSON.parse(r.stdout);
  if (out.existed) throw new Error("the run existed: the benchmark must compute a new run");
  totals.push(r.ms);
  starts.push(s.ms);
  loads.push(v.ms - s.ms);
  const line = r.stderr.split("\n").find((l) => l.startsWith('{"timings"'));
  if (line) {
    for (const [k, ms] of Object.entries(JSON.parse(line).timings as Record<string, number>)) {
      marks.set(k, [...(marks.get(k) ?? []), ms]);
    }
  }
}
await Deno.remove(empty);

const f = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
console.log(`hewston backtest, one symbol-year (DEMO 2024), ${runs} cold processes, medians`);
console.log(`  Deno start          ${f(median(starts))}`);
console.log(`  module load         ${f(median(loads))}  (hewston --version less Deno start)`);
let inside = 0;
for (const [k, xs] of marks) {
  console.log(`  ${k.padEnd(19)} ${f(median(xs))}`);
  inside += median(xs);
}
if (marks.size === 0) {
  console.log("  (no in-process marks: this build does not print HEWSTON_TIMINGS)");
}
const total = median(totals);
console.log(`  other               ${f(total - median(starts) - median(loads) - inside)}`);
console.log(
  `  total               ${f(total)}  (goal ≤ 250 ms; p90 ${
    f(totals.sort((a, b) => a - b)[Math.floor(totals.length * 0.9)])
  })`,
);
