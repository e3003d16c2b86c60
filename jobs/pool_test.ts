import assert from "node:assert/strict";
import { WorkerPool } from "./pool.ts";

const FIXTURE = new URL("./testing/echo_worker.ts", import.meta.url);

Deno.test("WorkerPool runs more tasks than workers, each exactly once, in order of results", async () => {
  const pool = new WorkerPool(FIXTURE, 2);
  try {
    const results = await Promise.all(
      Array.from(
        { length: 9 },
        (_, i) => pool.run<unknown, { value: number }>({ op: "echo", value: i }),
      ),
    );
    assert.deepEqual(results.map((r) => r.value), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(pool.running, 0);
    assert.equal(pool.queued, 0);
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool passes errors through as one-line HewstonErrors", async () => {
  const pool = new WorkerPool(FIXTURE, 1);
  try {
    await assert.rejects(pool.run({ op: "fail" }), {
      code: "BAD_THING",
      message: "it failed on purpose",
    });
    await assert.rejects(pool.run({ op: "crash" }), { code: "INTERNAL", message: "plain error" });
    // The worker is still usable afterwards.
    assert.deepEqual(await pool.run({ op: "echo", value: 7 }), { value: 7 });
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool cancels a running task by replacing its worker", async () => {
  const pool = new WorkerPool(FIXTURE, 1);
  try {
    const ac = new AbortController();
    let started = false;
    const slow = pool.run({ op: "sleep", value: 60_000 }, {
      signal: ac.signal,
      onProgress: () => {
        started = true;
        ac.abort();
      },
    });
    const queued = pool.run({ op: "echo", value: 1 });
    await assert.rejects(slow, { code: "CANCELLED" });
    assert.equal(started, true);
    assert.deepEqual(await queued, { value: 1 });
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool.close() rejects queued work", async () => {
  const pool = new WorkerPool(FIXTURE, 1);
  const a = pool.run({ op: "sleep", value: 60_000 });
  const b = pool.run({ op: "echo", value: 2 });
  pool.close();
  await assert.rejects(a, { code: "CANCELLED" });
  await assert.rejects(b, { code: "CANCELLED" });
  await assert.rejects(pool.run({ op: "echo" }), { code: "POOL_CLOSED" });
});

Deno.test("WorkerPool starts workers on demand and releases them after idleMs", async () => {
  const pool = new WorkerPool(FIXTURE, { size: 2, idleMs: 100 });
  try {
    assert.equal(pool.alive, 0);
    assert.deepEqual(await pool.run({ op: "echo", value: 1 }), { value: 1 });
    assert.equal(pool.alive, 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(pool.alive, 0);
    // A released slot respawns for the next task.
    assert.deepEqual(await pool.run({ op: "echo", value: 2 }), { value: 2 });
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool runs tasks without an owner first, then owners' tasks in turns", async () => {
  const pool = new WorkerPool(FIXTURE, 1);
  try {
    const order: string[] = [];
    const run = (name: string, owner?: string) =>
      pool.run<unknown, unknown>({ op: "echo", value: 0 }, { owner }).then(() => order.push(name));
    // The one worker is busy until the blocker ends; everything else queues behind it.
    let release!: () => void;
    const started = new Promise<void>((r) => (release = r));
    const ac = new AbortController();
    const blocker = pool.run({ op: "sleep", value: 60_000 }, {
      signal: ac.signal,
      onProgress: () => release(),
    }).catch(() => order.push("blocker cancelled"));
    await started;
    const all = [
      run("a1", "sweep-a"),
      run("a2", "sweep-a"),
      run("a3", "sweep-a"),
      run("b1", "sweep-b"),
      run("b2", "sweep-b"),
      run("run1"),
      run("a4", "sweep-a"),
      run("run2"),
    ];
    assert.equal(pool.queued, 8);
    ac.abort();
    await Promise.all([blocker, ...all]);
    // FIFO would give a1 a2 a3 b1 b2 run1 a4 run2: the runs wait behind a whole sweep.
    assert.deepEqual(order, [
      "blocker cancelled",
      "run1",
      "run2",
      "a1",
      "b1",
      "a2",
      "b2",
      "a3",
      "a4",
    ]);
  } finally {
    pool.close();
  }
});
