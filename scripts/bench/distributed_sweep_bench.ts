/**
 * @module
 * Distributed sweep benchmark: the same sweep on the local pool (2 Web Workers) and on 2
 * `hewston worker` processes through a throwaway redis-server, both through the real launcher.
 * Prints members/s of each, the queue's share of the local throughput, and the queue's cost per
 * chunk ((queue time − local time) / chunks). Each sweep runs in a fresh data dir whose dataset
 * was built first, so `elapsed_ms` (the sweep alone) is compared.
 *
 *   scripts/deno run -A scripts/bench/distributed_sweep_bench.ts [--to 2024-12-31] [--grid …]…
 *
 * The default grid (fast 2..41 × slow 50..240 step 10: 800 members) on a symbol-year of the
 * synthetic TEST symbol keeps a run to minutes on 2 cores; pass `--grid` twice for other sizes
 * (e.g. fast=2:101:1 and slow=110:2100:20 for the 10,000 members).
 */
import { parseArgs } from "node:util";
import { hewston } from "../../tests/_hewston.ts";
import { startWorker } from "../../tests/testing/queue_worker.ts";
import { startRedis } from "../../tests/testing/redis_server.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    from: { type: "string", default: "2024-01-02" },
    to: { type: "string", default: "2024-12-31" },
    grid: { type: "string", multiple: true },
  },
});
const grid = values.grid?.length ? values.grid : ["fast=2:41:1", "slow=50:240:10"];
const WORKERS = 2;
const base = [
  "--symbol",
  "TEST",
  "--from",
  values.from!,
  "--to",
  values.to!,
  "--strategy",
  "sma_crossover",
  "--fees-bps",
  "1",
];
const sweepArgs = [
  "sweep",
  ...base,
  ...grid.flatMap((g) => ["--grid", g]),
  "--workers",
  String(WORKERS),
  "--json",
];

/** A data dir with the dataset built (a one-member sweep builds it), so timing is the sweep's. */
async function preparedDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hewston-bench-" });
  const r = await hewston(
    ["sweep", ...base, "--grid", "fast=5", "--grid", "slow=20", "--json"],
    { dataDir: dir },
  );
  if (r.code !== 0) throw new Error(r.stderr);
  return dir;
}

async function sweep(dir: string, extra: string[] = []) {
  const r = await hewston([...sweepArgs, ...extra], { dataDir: dir });
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { members: number; elapsed_ms: number; sweep_id: string };
}

const local = await sweep(await preparedDir());
const redis = await startRedis();
const dir = await preparedDir();
const workers = await Promise.all(
  Array.from({ length: WORKERS }, () => startWorker(redis.url, dir)),
);
let queued;
try {
  queued = await sweep(dir, ["--queue", redis.url]);
} finally {
  await Promise.all(workers.map((w) => w.stop()));
  await redis.stop();
}
const chunks = Math.min(local.members, WORKERS * 4);
const rate = (r: { members: number; elapsed_ms: number }) => r.members / (r.elapsed_ms / 1000);
console.log(
  `sweep ${local.sweep_id}: ${local.members} members, ${chunks} chunks, ${WORKERS} cores`,
);
console.log(`local pool (${WORKERS} workers)     ${rate(local).toFixed(1)} members/s`);
console.log(`queue (${WORKERS} worker processes) ${rate(queued).toFixed(1)} members/s`);
console.log(`queue / local            ${(100 * rate(queued) / rate(local)).toFixed(1)} %`);
console.log(
  `queue cost per chunk     ${((queued.elapsed_ms - local.elapsed_ms) / chunks).toFixed(1)} ms`,
);
