/**
 * End-to-end spec of `hewston serve --queue`: a sweep posted to the server runs on `hewston
 * worker` processes with empty data dirs (they fetch the bars from that same server), and its
 * artifacts are byte for byte those of the same sweep on a local serve; its events count chunks
 * done across the workers. Real launcher, real redis-server on a random loopback port.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type Server, startServer } from "./_server.ts";
import { tempDir } from "./testing/temp_dir.ts";
import { startWorker, type WorkerProcess } from "./testing/queue_worker.ts";
import { redisTest, startRedis } from "./testing/redis_server.ts";

// Every data dir this file makes is removed when it ends (tests/testing/temp_dir.ts).

/** 174 members on a quarter of synthetic TEST minutes. */
const BODY = {
  run: {
    symbol: "TEST",
    from: "2024-01-02",
    to: "2024-03-28",
    strategy: { name: "sma_crossover", params: {} },
    execution: { fees_bps: 1 },
  },
  grid: { fast: "5:50:5", slow: "20:200:10" },
};
const ARTIFACTS = ["sweep.parquet", "heatmap.json", "pbo.json"];

async function post(srv: Server, path: string, body?: unknown) {
  const res = await fetch(srv.url + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Waits until sweep `id` has finished; returns its record. */
async function finished(srv: Server, id: string) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const s = await (await fetch(`${srv.url}/sweeps/${id}`)).json();
    if (["DONE", "ERROR", "CANCELLED"].includes(s.status)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sweep ${id} did not finish`);
}

/** The data of the sweep's `progress` events, from the SSE flush route. */
async function progress(srv: Server, id: string): Promise<Record<string, number>[]> {
  const text = await (await fetch(`${srv.url}/sweeps/${id}/events`)).text();
  return text.split("\n\n").filter((f) => f.includes("\nevent: progress\n")).map((f) =>
    JSON.parse(f.split("\n").find((l) => l.startsWith("data: "))!.slice(6))
  );
}

redisTest(
  "POST /sweeps on serve --queue runs on 2 workers that fetch the bars from it, " +
    "byte for byte the local serve's artifacts, its events counting chunks",
  async () => {
    const dir = await tempDir();
    // The local serve's sweep, kept in memory; then deleted so the queued serve recomputes it.
    const reference = new Map<string, Uint8Array>();
    let id: string;
    const local = await startServer(dir, ["--no-demo"]);
    try {
      const r = await post(local, "/sweeps", BODY);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      id = r.body.sweep_id;
      assert.equal((await finished(local, id)).status, "DONE");
      for (const name of ARTIFACTS) {
        reference.set(name, await Deno.readFile(join(dir, "sweeps", id, name)));
      }
      const del = await fetch(`${local.url}/sweeps/${id}`, { method: "DELETE" });
      assert.ok(del.ok, await del.text());
      await del.body?.cancel();
    } finally {
      await local.stop();
    }

    const redis = await startRedis();
    const secrets = await tempDir("hewston-secrets-");
    const queueFile = join(secrets, "queue");
    await Deno.writeTextFile(queueFile, redis.url + "\n");
    let server: Server | undefined;
    const workers: WorkerProcess[] = [];
    try {
      server = await startServer(dir, ["--no-demo", "--queue-file", queueFile]);
      assert.match(
        server.output(),
        /"msg":"sweeps go to the queue","queue":"redis:\/\/127\.0\.0\.1:/,
      );
      for (let i = 0; i < 2; i++) {
        workers.push(
          await startWorker({ file: queueFile }, await tempDir(), [
            "--server",
            server.url,
          ]),
        );
      }
      // The server counts the workers connected every 2 s and cuts each sweep for them.
      await new Promise((r) => setTimeout(r, 2500));
      const r = await post(server, "/sweeps", BODY);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      assert.equal(r.body.sweep_id, id);
      const s = await finished(server, id);
      assert.equal(s.status, "DONE", JSON.stringify(s));
      for (const name of ARTIFACTS) {
        const got = await Deno.readFile(join(dir, "sweeps", id, name));
        const want = reference.get(name)!;
        assert.ok(got.length === want.length && got.every((x, i) => x === want[i]), name);
      }
      // Every chunk ran on a worker (none on the server), shared by both.
      const done = workers.map((w) =>
        w.lines.filter((l) => /^worker: chunk \S+ done/.test(l)).length
      );
      assert.ok(done.every((n) => n > 0), JSON.stringify(done));
      for (const w of workers) {
        assert.equal(w.lines.filter((l) => / fetched from /.test(l)).length, 1, w.lines.join("\n"));
      }
      // The events count chunks done across both workers, up to all of them.
      const steps = await progress(server, id);
      const last = steps.at(-1)!;
      assert.equal(last.chunks, done[0] + done[1]);
      assert.equal(last.chunks_done, last.chunks);
      assert.equal(last.done, last.total);
      for (let i = 1; i < steps.length; i++) {
        assert.ok(steps[i].chunks_done > steps[i - 1].chunks_done, JSON.stringify(steps));
      }
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await server?.stop();
      await redis.stop();
      await Deno.remove(secrets, { recursive: true });
    }
  },
);
