/**
 * @module
 * Market-data benchmarks of issue 2, printing their figures:
 *  1. `.dbn.zst` TRADES+TBBO → bars throughput (the product's `deriveFromDbn`: TBBO in a
 *     second worker), as a ratio to `zstd -d` on the same files, one after the other (goal ≥ 0.7);
 *  2. peak RSS of a derive run in a fresh process (goal ≤ 512 MB, whatever the file size);
 *  3. derived Parquet size per symbol-year of regular-session minutes (goal ≤ 10 MB).
 *
 * Usage: scripts/deno run -A scripts/bench/ingest_bench.ts [--trades-per-day N] [--days-from D --days-to D]
 * Inputs are synthetic TRADES+TBBO files generated once into $TMPDIR (not timed).
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { generateSynthetic } from "../../src/market/sources/synthetic.ts";
import { deriveFromDbn } from "../../src/market/derive_dbn.ts";
import { runQuotesInWorker } from "../../jobs/quotes_runner.ts";
import { encodeBarsParquet } from "../../src/store/bars_parquet.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "trades-per-day": { type: "string", default: "200000" },
    from: { type: "string", default: "2024-01-01" },
    to: { type: "string", default: "2024-12-31" },
    child: { type: "string" },
  },
});

/** Decodes and derives both files with the product's code path; returns bars and seconds. */
async function derive(trades: string, tbbo: string, from: string, to: string) {
  const t0 = performance.now();
  const file = (path: string) => ({ path, label: path, size: Deno.statSync(path).size });
  const { bars, counts } = await deriveFromDbn({
    trades: [file(trades)],
    tbbo: [file(tbbo)],
    from,
    to,
    extendedHours: false,
    runQuotes: runQuotesInWorker,
  });
  return { bars, seconds: (performance.now() - t0) / 1000, stats: counts };
}

function peakRssMb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const m = status.match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : NaN;
}

if (values.child) {
  // Child mode: derive once in a fresh process and report the peak RSS (main thread and
  // the TBBO worker share the process, so VmHWM covers both).
  const [trades, tbbo] = values.child.split(",");
  await derive(trades, tbbo, values.from!, values.to!);
  console.log(JSON.stringify({ peakRssMb: peakRssMb() }));
  Deno.exit(0);
}

const tpd = Number(values["trades-per-day"]);
const dir = join(
  Deno.env.get("TMPDIR") ?? "/tmp",
  `hewston-bench-${tpd}-${values.from}-${values.to}`,
);
const tradesPath = join(dir, "DEMO.trades.dbn.zst");
const tbboPath = join(dir, "DEMO.tbbo.dbn.zst");
try {
  await Deno.stat(tbboPath);
} catch {
  console.log(`generating synthetic inputs (${tpd} trades/day) into ${dir} …`);
  await generateSynthetic({
    symbol: "DEMO",
    from: values.from!,
    to: values.to!,
    seed: 1,
    outDir: dir,
    tradesPerDay: tpd,
  });
}
const sizeOf = (p: string) => Deno.statSync(p).size;

// zstd -d on the same files (to /dev/null), best of 3.
async function zstdSeconds(): Promise<number> {
  const t0 = performance.now();
  for (const p of [tradesPath, tbboPath]) {
    const out = await new Deno.Command("zstd", { args: ["-d", "-c", "-q", p], stdout: "null" })
      .output();
    if (!out.success) throw new Error("zstd -d failed");
  }
  return (performance.now() - t0) / 1000;
}
const zstd = Math.min(await zstdSeconds(), await zstdSeconds(), await zstdSeconds());
let best = Infinity;
let result = await derive(tradesPath, tbboPath, values.from!, values.to!);
for (let i = 0; i < 3; i++) {
  result = await derive(tradesPath, tbboPath, values.from!, values.to!);
  best = Math.min(best, result.seconds);
}
const records = result.stats.trades + result.stats.quotes;
console.log(
  `inputs: ${(sizeOf(tradesPath) / 1e6).toFixed(1)} MB trades.zst + ${
    (sizeOf(tbboPath) / 1e6).toFixed(1)
  } MB tbbo.zst, ${records.toLocaleString("en-US")} records`,
);
console.log(`zstd -d (both files, best of 3):        ${zstd.toFixed(3)} s`);
console.log(
  `hewston decode+derive (best of 3):       ${best.toFixed(3)} s  (${
    (records / best / 1e6).toFixed(1)
  }M records/s)`,
);
console.log(`throughput ratio to zstd -d:            ${(zstd / best).toFixed(2)}  (goal ≥ 0.7)`);

const child = await new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "-A",
    new URL(import.meta.url).pathname,
    "--child",
    `${tradesPath},${tbboPath}`,
    "--from",
    values.from!,
    "--to",
    values.to!,
  ],
  stdout: "piped",
}).output();
const rss = JSON.parse(new TextDecoder().decode(child.stdout).trim().split("\n").at(-1)!);
console.log(
  `peak RSS of a derive process:           ${rss.peakRssMb.toFixed(0)} MB  (goal ≤ 512 MB)`,
);

const parquet = await encodeBarsParquet(result.bars);
console.log(
  `bars.parquet: ${result.bars.length.toLocaleString("en-US")} bars, ${
    (parquet.length / 1e6).toFixed(2)
  } MB  (goal ≤ 10 MB per symbol-year)`,
);
