/**
 * End-to-end specs of sweeps on BullMQ: `hewston sweep --queue` and `hewston worker --queue`
 * processes (the real launcher) against a real redis-server on a random loopback port, compared
 * byte for byte with the local pool's artifacts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Queue } from "bullmq";
import { QueueTaskRunner } from "../jobs/bullmq/queue_runner.ts";
import { parseRedisUrl, QUEUE_NAME } from "../jobs/bullmq/wire.ts";
import type { RunConfig } from "../src/engine/run_config.ts";
import type { SweepChunkTask } from "../src/services/tasks.ts";
import { sha256Hex } from "../src/domain/hash.ts";
import { hewston, REPO } from "./_hewston.ts";
import { startServer } from "./_server.ts";
import { tempDir } from "./testing/temp_dir.ts";
import { startWorker, type WorkerProcess } from "./testing/queue_worker.ts";
import { redisTest, startRedis } from "./testing/redis_server.ts";

// Half a year of minutes × 171 members: chunks of a second or more, long enough to kill one.
const SWEEP = [
  "sweep",
  "--symbol",
  "TEST",
  "--from",
  "2024-01-02",
  "--to",
  "2024-06-28",
  "--strategy",
  "sma_crossover",
  "--grid",
  "fast=5:50:5",
  "--grid",
  "slow=20:200:10",
  "--fees-bps",
  "1",
  "--workers",
  "2",
  "--json",
];
const ARTIFACTS = ["sweep.parquet", "heatmap.json", "pbo.json"];

// Every data dir this file makes is removed when it ends (tests/testing/temp_dir.ts).

/**
 * 1,200 members in 4 chunks of 300 (`--workers 1`): chunks of seconds, so a kill or a cancel
 * always lands while one runs (a 22-member chunk can finish in 250 ms, before the signal).
 */
const HEAVY = SWEEP.map((a) =>
  a === "fast=5:50:5" ? "fast=2:61:1" : a === "slow=20:200:10" ? "slow=70:260:10" : a
);
HEAVY[HEAVY.indexOf("--workers") + 1] = "1";

const references = new Map<string, Promise<{ sweep_id: string; folder: string }>>();

/** The local pool's sweep of `args` (computed once for this file). */
function localSweep(args: string[] = SWEEP): Promise<{ sweep_id: string; folder: string }> {
  const key = args.join(" ");
  let ref = references.get(key);
  if (!ref) {
    ref = (async () => {
      const dir = await tempDir();
      const r = await hewston(args, { dataDir: dir });
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout);
    })();
    references.set(key, ref);
  }
  return ref;
}

async function assertSameArtifacts(folder: string, args: string[] = SWEEP): Promise<void> {
  const ref = await localSweep(args);
  for (const name of ARTIFACTS) {
    const a = await Deno.readFile(join(ref.folder, name));
    const b = await Deno.readFile(join(folder, name));
    assert.ok(a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i]), name);
  }
}

function chunkIds(w: WorkerProcess, what: "started" | "done"): string[] {
  return w.lines.flatMap((l) => l.match(new RegExp(`^worker: chunk (\\S+) ${what}`))?.[1] ?? []);
}

function spawnSweep(dataDir: string, url: string, args = SWEEP): Deno.ChildProcess {
  return new Deno.Command(`${REPO}/hewston`, {
    args: [...args, "--queue", url],
    cwd: REPO,
    env: { HEWSTON_DATA_DIR: dataDir, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** A chunk task whose bars no worker needs to read (refused or never taken). */
function bareChunk(codeHash: string): SweepChunkTask {
  return {
    kind: "sweep_chunk",
    barsPath: "/nowhere",
    barsKey: "x",
    datasetId: "ds-none",
    barsSha256: "0".repeat(64),
    codeHash,
    baseConfig: {} as RunConfig,
    members: [{}],
    from: 0,
    to: 1,
    barsPerYear: 98_000,
    blocks: 16,
  };
}

redisTest(
  "a sweep on 2 queue worker processes writes the local pool's artifacts byte for byte",
  async () => {
    const redis = await startRedis();
    const dir = await tempDir();
    const workers = await Promise.all([startWorker(redis.url, dir), startWorker(redis.url, dir)]);
    try {
      const r = await hewston([...SWEEP, "--queue", redis.url], { dataDir: dir });
      assert.equal(r.code, 0, r.stderr);
      const res = JSON.parse(r.stdout);
      assert.match(res.sweep_id, /^sw-[0-9a-f]{16}$/);
      assert.equal(res.sweep_id, (await localSweep()).sweep_id);
      await assertSameArtifacts(res.folder);
      // 2 workers → 8 chunks, every one run once, shared by both processes.
      const done = workers.map((w) => chunkIds(w, "done"));
      assert.equal(done.flat().length, 8);
      assert.equal(new Set(done.flat()).size, 8);
      assert.ok(done.every((d) => d.length > 0), JSON.stringify(done));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await redis.stop();
    }
  },
);

redisTest(
  "3 workers with empty data dirs fetch the bars once each from a real serve (token), " +
    "the artifacts equal the local pool's and progress counts every chunk (queue URL from a " +
    "file and HEWSTON_QUEUE)",
  async () => {
    const ref = await localSweep();
    assert.match(ref.sweep_id, /^sw-[0-9a-f]{16}$/);
    // The reference data dir holds the dataset: a real server owns it, behind a token.
    const refDir = join(ref.folder, "..", "..");
    const token = "0123456789abcdef-queue-token";
    const secrets = await tempDir("hewston-secrets-");
    const tokenFile = join(secrets, "token");
    await Deno.writeTextFile(tokenFile, token + "\n");
    const server = await startServer(refDir, ["--no-demo", "--token", token]);
    const redis = await startRedis();
    const workerDirs = await Promise.all([1, 2, 3].map(() => tempDir()));
    const sweepDir = await tempDir();
    const workers: WorkerProcess[] = [];
    try {
      // The queue URL from a file (workers) and the environment (the sweep): never in `ps`.
      const queueFile = join(secrets, "queue");
      await Deno.writeTextFile(queueFile, redis.url + "\n");
      for (const d of workerDirs) {
        workers.push(
          await startWorker({ file: queueFile }, d, [
            "--server",
            server.url,
            "--token-file",
            tokenFile,
          ]),
        );
      }
      // Without --json: the text result and the progress lines a person sees.
      const args = SWEEP.filter((a) => a !== "--json");
      args[args.indexOf("--workers") + 1] = "3";
      const r = await hewston(args, { dataDir: sweepDir, env: { HEWSTON_QUEUE: redis.url } });
      assert.equal(r.code, 0, r.stderr);
      const folder = r.stdout.match(/^artifacts (\S+)$/m)![1];
      assert.equal(r.stdout.match(/^sweep +(\S+)/m)![1], ref.sweep_id);
      await assertSameArtifacts(folder);
      // 3 workers → 12 chunks, each run once, shared by all three.
      const done = workers.map((w) => chunkIds(w, "done"));
      assert.equal(done.flat().length, 12);
      assert.equal(new Set(done.flat()).size, 12);
      assert.ok(done.every((d) => d.length > 0), JSON.stringify(done));
      // Each worker fetched the bars once, into its own cache, verified.
      const sha = JSON.parse(await Deno.readTextFile(join(folder, "sweep-manifest.json")))
        .dataset.bars_parquet_sha256;
      for (const [i, w] of workers.entries()) {
        const fetched = w.lines.filter((l) => /^worker: bars of \S+ fetched from /.test(l));
        assert.equal(fetched.length, 1, w.lines.join("\n"));
        const cached = await Deno.readFile(
          join(workerDirs[i], "cache", "bars", sha, "bars.parquet"),
        );
        assert.equal(sha256Hex(cached), sha);
      }
      // The progress counts chunks done across all workers, in order, up to 12 of 12.
      const members = Number(r.stdout.match(/^members +(\d+) run/m)![1]);
      const steps = [
        ...r.stderr.matchAll(
          /^progress: sweep \d+% (\d+)\/(\d+) chunks \((\d+)\/(\d+) members\)$/gm,
        ),
      ].map((m) => m.slice(1).map(Number));
      assert.deepEqual(steps[0], [0, 12, 0, members], r.stderr);
      assert.deepEqual(steps.at(-1), [12, 12, members, members], r.stderr);
      for (let i = 1; i < steps.length; i++) assert.ok(steps[i][0] > steps[i - 1][0], r.stderr);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await redis.stop();
      await server.stop();
      await Deno.remove(secrets, { recursive: true });
    }
  },
);

redisTest(
  "a worker killed with SIGKILL mid-chunk has its chunk retried by the other, same artifacts",
  async () => {
    const redis = await startRedis();
    const dir = await tempDir();
    // A 2 s lock: the dead worker's chunk is back on the queue within ~3 s.
    const victim = await startWorker(redis.url, dir, ["--lock-ms", "2000"]);
    const survivor = await startWorker(redis.url, dir, ["--lock-ms", "2000"]);
    try {
      const sweep = spawnSweep(dir, redis.url, HEAVY);
      const line = await victim.waitFor(/^worker: chunk \S+ started/);
      const killed = line.match(/chunk (\S+) started/)![1];
      victim.child.kill("SIGKILL");
      await victim.stop();
      assert.ok(!chunkIds(victim, "done").includes(killed), "the chunk finished before the kill");
      const out = await sweep.output();
      const dec = new TextDecoder();
      assert.equal(out.code, 0, dec.decode(out.stderr));
      await assertSameArtifacts(JSON.parse(dec.decode(out.stdout)).folder, HEAVY);
      assert.ok(chunkIds(survivor, "done").includes(killed), survivor.lines.join("\n"));
    } finally {
      await survivor.stop();
      await victim.stop();
      await redis.stop();
    }
  },
);

redisTest("a worker refuses a chunk of another code version with VERSION_MISMATCH", async () => {
  const redis = await startRedis();
  const dir = await tempDir();
  const worker = await startWorker(redis.url, dir);
  const runner = await QueueTaskRunner.open(redis.url, { parallelism: 1 });
  try {
    await assert.rejects(runner.run(bareChunk("f".repeat(64))), (e: Error & { code?: string }) => {
      assert.equal(e.code, "VERSION_MISMATCH");
      assert.match(e.message, /^worker runs code \w+…, the sweep needs ffffffffffff…/);
      return true;
    });
    await worker.waitFor(/failed: VERSION_MISMATCH/);
  } finally {
    await runner.dispose();
    await worker.stop();
    await redis.stop();
  }
});

redisTest(
  "cancelling a queued sweep (SIGINT) stops its running chunk and drops the rest",
  async () => {
    const redis = await startRedis();
    const dir = await tempDir();
    const worker = await startWorker(redis.url, dir);
    const queue = new Queue(QUEUE_NAME, { connection: parseRedisUrl(redis.url) });
    try {
      const sweep = spawnSweep(dir, redis.url, HEAVY);
      const line = await worker.waitFor(/^worker: chunk \S+ started/);
      const running = line.match(/chunk (\S+) started/)![1];
      sweep.kill("SIGINT");
      const out = await sweep.output();
      assert.equal(out.code, 1);
      assert.match(new TextDecoder().decode(out.stderr), /^hewston: .*cancelled/m);
      // The running chunk is stopped — unless it ended before the cancel reached it (a chunk
      // takes ~0.25 s; under load the race goes either way). Either way the rest are dropped.
      await worker.waitFor(new RegExp(`chunk ${running} (failed: CANCELLED|done in)`), 10_000);
      // The worker logs before BullMQ moves the job to failed: give it a moment to settle.
      let counts: Record<string, number> = {};
      for (let i = 0; i < 50; i++) {
        counts = await queue.getJobCounts("waiting", "active", "delayed", "completed");
        if (counts.waiting + counts.active + counts.delayed === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.deepEqual([counts.waiting, counts.active, counts.delayed], [0, 0, 0]);
      assert.ok(counts.completed < 4, `all ${counts.completed} chunks ran`);
      const db = new DatabaseSync(join(dir, "catalog.sqlite"), { readOnly: true });
      const row = db.prepare("SELECT status FROM sweeps").get() as { status: string };
      db.close();
      // A cancel goes through the sweep service, as POST /sweeps/{id}/cancel: CANCELLED.
      assert.equal(row.status, "CANCELLED");
      const folders: string[] = [];
      try {
        for await (const e of Deno.readDir(join(dir, "sweeps"))) folders.push(e.name);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
      assert.deepEqual(folders, []);
    } finally {
      await queue.close();
      await worker.stop();
      await redis.stop();
    }
  },
);

redisTest(
  "a chunk lost in a Redis restart fails the task with QUEUE_LOST, never waits forever",
  async () => {
    const redis = await startRedis();
    const runner = await QueueTaskRunner.open(redis.url, { parallelism: 1, checkMs: 200 });
    try {
      // No worker: the chunk waits in Redis, which restarts empty (persistence is off).
      const task = runner.run(bareChunk("0".repeat(64)));
      const settled = assert.rejects(task, (e: Error & { code?: string }) => {
        assert.equal(e.code, "QUEUE_LOST");
        assert.match(e.message, /vanished from Redis/);
        return true;
      });
      await new Promise((r) => setTimeout(r, 300));
      await redis.restart();
      await settled;
    } finally {
      await runner.dispose();
      await redis.stop();
    }
  },
);
