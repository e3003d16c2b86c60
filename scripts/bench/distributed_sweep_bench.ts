/**
 * @module
 * Distributed sweep benchmark and the measured inputs of the scaling model in
 * `docs/distributed.md`. Parts (all by default; `--parts sweep,redis,chunks,fetch`):
 *
 * - `sweep`: the same sweep on the local pool (`--workers` Web Workers) and on `--workers`
 *   `hewston worker` processes through a throwaway redis-server, both through the real launcher,
 *   each in a fresh data dir whose dataset was built first. Prints members/s of each, the
 *   queue's share of the local throughput, the queue's cost per chunk ((queue time − local
 *   time) / chunks), the per-member time `t`, and the sweep's serial tail (progress "artifacts"
 *   line → exit: merging rows, PBO, artifact files) `g·M`.
 * - `redis`: Redis round trips (RESP `PING` on raw TCP) with 1, 10 and 100 concurrent
 *   connections: median and p99 latency, total ops/s.
 * - `chunks`: the product's per-chunk path with no compute — `QueueTaskRunner.run` of an empty
 *   chunk, BullMQ add → worker → completed event → rows decoded — through 1, 8 and 32 queue
 *   workers (in this process): chunks/s and mean latency, the queue's ceiling.
 * - `fetch`: a worker's bars download of the symbol-year from a real `hewston serve`
 *   (`fetchBars`, sha256 checked), median of 5, and the sha256 of the file alone.
 *
 * Then it prints the model's prediction for 1…100 workers with the measured inputs.
 *
 *   scripts/deno run -A scripts/bench/distributed_sweep_bench.ts [--to 2024-12-31] [--grid …]…
 *     [--workers 2] [--parts sweep,redis,chunks,fetch]
 *
 * The default grid (fast 2..41 × slow 50..240 step 10: 800 members) on a symbol-year of the
 * synthetic TEST symbol keeps a run to minutes on 2 cores; the issue's 10,000 members:
 * `--grid fast=2:101:1 --grid slow=110:2090:20`.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "bullmq";
import { fetchBars } from "../../jobs/bullmq/bars_fetch.ts";
import { QueueTaskRunner } from "../../jobs/bullmq/queue_runner.ts";
import { encodeRows, parseRedisUrl, QUEUE_NAME } from "../../jobs/bullmq/wire.ts";
import { sha256Hex } from "../../src/domain/hash.ts";
import type { RunConfig } from "../../src/engine/run_config.ts";
import type { SweepChunkTask } from "../../src/services/tasks.ts";
import { REPO } from "../../tests/_hewston.ts";
import { startServer } from "../../tests/_server.ts";
import { startWorker } from "../../tests/testing/queue_worker.ts";
import { startRedis } from "../../tests/testing/redis_server.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    from: { type: "string", default: "2024-01-02" },
    to: { type: "string", default: "2024-12-31" },
    grid: { type: "string", multiple: true },
    workers: { type: "string", default: "2" },
    parts: { type: "string", default: "sweep,redis,chunks,fetch" },
  },
});
const parts = new Set(values.parts!.split(","));
const grid = values.grid?.length ? values.grid : ["fast=2:41:1", "slow=50:240:10"];
const WORKERS = Number(values.workers);
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
];

const dec = new TextDecoder();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** A data dir with the dataset built (a one-member sweep builds it), so timing is the sweep's. */
async function preparedDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hewston-bench-" });
  const out = await new Deno.Command(`${REPO}/hewston`, {
    args: ["sweep", ...base, "--grid", "fast=5", "--grid", "slow=20", "--json"],
    env: { HEWSTON_DATA_DIR: dir, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(dec.decode(out.stderr));
  return dir;
}

interface SweepFigures {
  sweepId: string;
  members: number;
  chunks: number;
  elapsedMs: number;
  /** From the "artifacts" progress line to the process's exit. */
  tailMs: number;
}

/** Runs the sweep (text output, so progress lines arrive), timing its serial tail. */
async function sweep(dir: string, env: Record<string, string> = {}): Promise<SweepFigures> {
  const child = new Deno.Command(`${REPO}/hewston`, {
    args: sweepArgs,
    env: { HEWSTON_DATA_DIR: dir, NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let artifactsAt = 0;
  let chunks = 0;
  let err = "";
  const reading = (async () => {
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      err += text;
      // The tail starts when the last chunk is in: the CLI prints no separate artifacts stage.
      if (!artifactsAt && /progress: sweep 100%/.test(err)) artifactsAt = performance.now();
      const m = err.match(/progress: sweep \d+% \d+\/(\d+) chunks/);
      if (m) chunks = Number(m[1]);
    }
  })();
  const stdout = new Response(child.stdout).text();
  const status = await child.status;
  const endAt = performance.now();
  await reading;
  const out = await stdout;
  if (!status.success) throw new Error(err);
  // Without the mark the tail would silently be measured from the bench's own start.
  if (!artifactsAt) throw new Error("distributed_sweep_bench: no 'progress: sweep 100%' line seen");
  return {
    sweepId: out.match(/^sweep +(\S+)/m)![1],
    members: Number(out.match(/^members +(\d+) run/m)![1]),
    chunks,
    elapsedMs: Number(out.match(/^time +([\d.]+) s/m)![1]) * 1000,
    tailMs: endAt - artifactsAt,
  };
}

const model: {
  /** Per member on one warm core. */
  tMs?: number;
  /** A worker's first chunk over its others: Web Worker start, bars load, feature cache. */
  w0Ms?: number;
  /** The queue's own cost per chunk (1 / empty chunks per second through one worker). */
  qMs?: number;
  /** The sweep's serial tail per member (merge, PBO, artifacts). */
  gMs?: number;
  fetchMs?: number;
  fetchBytes?: number;
  chunkCeiling?: number;
} = {};

console.log(`load average at start: ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
let dataDir: string | undefined;

if (parts.has("sweep")) {
  const local = await sweep(await preparedDir());
  const redis = await startRedis();
  const dir = await preparedDir();
  dataDir = dir;
  const workers = await Promise.all(
    Array.from({ length: WORKERS }, () => startWorker(redis.url, dir)),
  );
  let queued: SweepFigures;
  try {
    queued = await sweep(dir, { HEWSTON_QUEUE: redis.url });
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await redis.stop();
  }
  if (queued.sweepId !== local.sweepId) throw new Error("the two sweeps differ");
  // Each worker logs `chunk ID done in N ms`: time spent computing, bars lookup included.
  const busy = workers.map((w) =>
    w.lines.reduce((sum, l) => sum + Number(l.match(/ done in (\d+) ms$/)?.[1] ?? 0), 0)
  );
  const perWorker = workers.map((w) => w.lines.filter((l) => / done in /.test(l)).length);
  const durations = workers.map((w) =>
    w.lines.flatMap((l) => l.match(/ done in (\d+) ms$/)?.[1] ?? []).join(", ")
  );
  const rate = (r: SweepFigures) => r.members / (r.elapsedMs / 1000);
  const chunks = queued.chunks;
  // Chunk times of the queue workers: a first chunk pays the warm-up, the others do not.
  const times = workers.map((w) =>
    w.lines.flatMap((l) => {
      const m = l.match(/ done in (\d+) ms$/);
      return m ? [Number(m[1])] : [];
    })
  );
  const m = queued.members / chunks;
  const warm = times.flatMap((ts) => ts.slice(1));
  model.tMs = warm.length
    ? median(warm) / m
    : (local.elapsedMs - local.tailMs) * WORKERS / local.members;
  model.w0Ms = times.reduce((a, ts) => a + (ts[0] ?? 0), 0) / times.length - m * model.tMs;
  model.gMs = local.tailMs / local.members;
  console.log(
    `\nsweep ${local.sweepId}: ${local.members} members, ${chunks} chunks, ${WORKERS} cores`,
  );
  console.log(`local pool (${WORKERS} workers)       ${rate(local).toFixed(1)} members/s`);
  console.log(`queue (${WORKERS} worker processes)   ${rate(queued).toFixed(1)} members/s`);
  console.log(`queue / local              ${(100 * rate(queued) / rate(local)).toFixed(1)} %`);
  console.log(
    `queue cost per chunk       ${
      ((queued.elapsedMs - local.elapsedMs) / chunks).toFixed(1)
    } ms  (wall time / chunks)`,
  );
  console.log(
    `  workers computed ${busy.map((b) => (b / 1000).toFixed(2)).join(" + ")} s in ${
      perWorker.join(" + ")
    } chunks; the rest of the busiest worker's wall time per chunk: ${
      ((queued.elapsedMs - Math.max(...busy)) / perWorker[busy.indexOf(Math.max(...busy))])
        .toFixed(1)
    } ms (queue, sweep start and merge)`,
  );
  console.log(`  chunk times (ms): ${durations.map((d) => `[${d}]`).join(" ")}`);
  console.log(
    `per-member time t          ${model.tMs.toFixed(2)} ms (one warm core; median chunk), ` +
      `worker warm-up w0 ${model.w0Ms.toFixed(0)} ms (first chunk's extra)`,
  );
  console.log(
    `serial tail (merge, PBO, artifacts): local ${local.tailMs.toFixed(0)} ms, queue ${
      queued.tailMs.toFixed(0)
    } ms  → g = ${model.gMs.toFixed(3)} ms/member`,
  );
}

if (parts.has("redis")) {
  const redis = await startRedis();
  try {
    console.log("\nRedis round trip (PING, raw TCP), 2,000 per connection:");
    for (const n of [1, 10, 100]) {
      const r = await pings(redis.port, n, n === 100 ? 200 : 2000);
      console.log(
        `  ${String(n).padStart(3)} connections: median ${r.median.toFixed(0)} µs, p99 ${
          r.p99.toFixed(0)
        } µs, ${Math.round(r.opsPerS).toLocaleString("en")} ops/s`,
      );
    }
  } finally {
    await redis.stop();
  }
}

if (parts.has("chunks")) {
  const redis = await startRedis();
  try {
    console.log("\nempty chunks through the queue (QueueTaskRunner → BullMQ → worker → rows):");
    for (const w of [1, 8, 32]) {
      const r = await emptyChunks(redis.url, w, 400);
      model.chunkCeiling = Math.max(model.chunkCeiling ?? 0, r.perS);
      if (w === 1) model.qMs = 1000 / r.perS;
      console.log(
        `  ${String(w).padStart(2)} workers: ${r.perS.toFixed(0)} chunks/s, mean latency ${
          r.latencyMs.toFixed(1)
        } ms`,
      );
    }
  } finally {
    await redis.stop();
  }
}

if (parts.has("fetch")) {
  const dir = dataDir ?? await preparedDir();
  const server = await startServer(dir, ["--no-demo"]);
  try {
    const list = await (await fetch(`${server.url}/datasets?symbol=TEST`)).json();
    const ds = list.items.find((d: { status: string }) => d.status === "READY");
    const detail = await (await fetch(`${server.url}/datasets/${ds.dataset_id}`)).json();
    const sha = detail.manifest.output_hashes.bars_parquet_sha256;
    const tmp = await Deno.makeTempDir({ prefix: "hewston-fetch-" });
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const dest = join(tmp, `bars-${i}.parquet`);
      const t0 = performance.now();
      bytes = (await fetchBars({
        server: { url: server.url },
        datasetId: ds.dataset_id,
        sha256: sha,
        dest,
        tmpDir: tmp,
      })).bytes;
      times.push(performance.now() - t0);
    }
    const file = await Deno.readFile(join(tmp, "bars-0.parquet"));
    const h0 = performance.now();
    sha256Hex(file);
    const hashMs = performance.now() - h0;
    await Deno.remove(tmp, { recursive: true });
    model.fetchMs = median(times);
    model.fetchBytes = bytes;
    console.log(
      `\nbars fetch of the symbol-year from serve (loopback): ${(bytes / 1e6).toFixed(2)} MB, ` +
        `median ${model.fetchMs.toFixed(0)} ms of 5 (${
          (bytes / 1e6 / (model.fetchMs / 1000)).toFixed(0)
        } MB/s), sha256 alone ${hashMs.toFixed(0)} ms`,
    );
  } finally {
    await server.stop();
  }
}

if (model.tMs !== undefined && model.gMs !== undefined) {
  const M = 10_000;
  const t = model.tMs;
  const w0 = model.w0Ms ?? 0;
  const q = model.qMs ?? 2;
  const g = model.gMs;
  // On a LAN the bars move at ~100 MB/s (1 Gb/s) instead of loopback speed, once per worker.
  const f = (model.fetchBytes ?? 5e6) / 100e6 * 1000 + 5;
  console.log(
    `\nmodel, M = ${M} members, C = 4W chunks: T(W) = f + w0 + M·t/W + 4·q + g·M` +
      `\n  t = ${t.toFixed(2)} ms, w0 = ${w0.toFixed(0)} ms, q = ${q.toFixed(2)} ms, g = ${
        g.toFixed(3)
      } ms, f = ${f.toFixed(0)} ms (bars over 1 Gb/s)`,
  );
  for (const W of [1, 2, 4, 8, 16, 32, 64, 100]) {
    const T = f + w0 + M * t / W + 4 * q + g * M;
    const chunkRate = (4 * W) / ((M * t / W) / 1000);
    console.log(
      `  W = ${String(W).padStart(3)}: ${(T / 1000).toFixed(2)} s, ${
        (M / (T / 1000)).toFixed(0)
      } members/s, ${(100 * (M * t / W) / T).toFixed(0)} % of W cores' compute, ${
        chunkRate.toFixed(0)
      } chunks/s${
        model.chunkCeiling ? ` (ceiling measured ${model.chunkCeiling.toFixed(0)})` : ""
      }`,
    );
  }
}
console.log(`\nload average at end: ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`);

/** `n` connections each sending `k` sequential PINGs; latency percentiles in µs, total ops/s. */
async function pings(port: number, n: number, k: number) {
  const ping = new TextEncoder().encode("PING\r\n");
  const lat: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, async () => {
    const c = await Deno.connect({ hostname: "127.0.0.1", port });
    const buf = new Uint8Array(64);
    try {
      for (let i = 0; i < k; i++) {
        const s = performance.now();
        await c.write(ping);
        let got = 0;
        while (got < 7) got += (await c.read(buf.subarray(got))) ?? 7; // "+PONG\r\n"
        lat.push((performance.now() - s) * 1000);
      }
    } finally {
      c.close();
    }
  }));
  const s = (performance.now() - t0) / 1000;
  return { median: median(lat), p99: pct(lat, 0.99), opsPerS: lat.length / s };
}

/** `jobs` empty chunks through a runner and `w` in-process queue workers. */
async function emptyChunks(url: string, w: number, jobs: number) {
  const connection = parseRedisUrl(url);
  const rows = encodeRows([]);
  const workers = Array.from(
    { length: w },
    () => new Worker(QUEUE_NAME, () => Promise.resolve(rows), { connection, concurrency: 1 }),
  );
  await Promise.all(workers.map((x) => x.waitUntilReady()));
  const runner = await QueueTaskRunner.open(url, { parallelism: w });
  const task: SweepChunkTask = {
    kind: "sweep_chunk",
    barsPath: "",
    barsKey: "",
    datasetId: "bench",
    barsSha256: "0".repeat(64),
    codeHash: "0".repeat(64),
    baseConfig: {} as RunConfig,
    members: Array.from({ length: 25 }, (_, i) => ({ fast: i + 2, slow: 200 })),
    from: 0,
    to: 25,
    barsPerYear: 98_000,
    blocks: 16,
  };
  try {
    const lat: number[] = [];
    const t0 = performance.now();
    // As a sweep does: every chunk queued at once.
    await Promise.all(Array.from({ length: jobs }, async () => {
      const s = performance.now();
      await runner.run(task);
      lat.push(performance.now() - s);
    }));
    const s = (performance.now() - t0) / 1000;
    return { perS: jobs / s, latencyMs: lat.reduce((a, b) => a + b, 0) / lat.length };
  } finally {
    await runner.dispose();
    await Promise.all(workers.map((x) => x.close()));
  }
}
