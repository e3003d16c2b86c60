/**
 * The playback service's heavy steps run in workers: the same results as in this thread, and
 * while a run's first series is being prepared the server keeps answering other requests.
 */
import assert from "node:assert/strict";
import { routeTestApp } from "../src/api/testing/route_test_app.ts";
import { createApp } from "../src/api/app.ts";
import { type OffLoop, workerOffLoop } from "../src/services/playback/off_loop.ts";
import { PlaybackService } from "../src/services/playback/playback_service.ts";
import { loadReplayFiles, replayInput } from "../src/services/playback/run_replay_data.ts";
import { encodeSeriesBody } from "../src/services/playback/series.ts";
import { decodeSeriesBinary } from "../src/domain/series_binary.ts";

async function doneRun() {
  const app = await routeTestApp();
  const ds = await app.testDataset();
  const post = await app.call("/backtests", {
    method: "POST",
    json: { dataset_id: ds.datasetId, strategy_id: "sma_crossover", params: { fast: 5, slow: 20 } },
  });
  const runId = (await post.json()).run_id as string;
  assert.equal((await app.finished(runId)).status, "DONE");
  return { app, runId };
}

Deno.test("a worker decodes a run's files and encodes its series exactly as this thread does", async () => {
  const { app, runId } = await doneRun();
  try {
    const input = replayInput(app.deps, runId);
    const here = await loadReplayFiles(input);
    const there = await workerOffLoop.load(input);
    assert.deepEqual(there, here);
    assert.ok(there.fills.length > 0);
    for (const format of ["json", "binary"] as const) {
      for (const encoding of ["identity", "gzip"] as const) {
        const want = encodeSeriesBody(here, 0, here.length - 1, format, encoding);
        const got = await workerOffLoop.series(here, 0, here.length - 1, format, encoding);
        assert.deepEqual(got, want, `${format} ${encoding}`);
      }
    }
    // The data sent to the worker is a copy: the cached arrays stay usable here.
    assert.equal(here.close.length, here.length);
    // A worker's failure comes back as the same error.
    await assert.rejects(
      workerOffLoop.load({ ...input, folder: input.folder + "-gone" }),
      (e: Error & { code?: string; status?: number }) =>
        e.code === "ARTIFACTS_NOT_FOUND" && e.status === 404,
    );
  } finally {
    await app.close();
  }
});

Deno.test("while a run's first series is prepared off the loop, the server answers other requests", async () => {
  const { app, runId } = await doneRun();
  const server = { shutdown: async () => {} };
  try {
    // The real workers, with their answers held until the test has seen the server answer.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const pending: string[] = [];
    const offLoop: OffLoop = {
      load: async (input) => {
        pending.push("load");
        const d = await workerOffLoop.load(input);
        await held;
        return d;
      },
      series: workerOffLoop.series,
    };
    const playback = new PlaybackService({ ...app.deps, offLoop });
    const served = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      createApp({ ...app.deps, playback }).fetch,
    );
    server.shutdown = () => served.shutdown();
    const url = `http://127.0.0.1:${served.addr.port}`;
    const series = fetch(`${url}/backtests/${runId}/series?format=binary`);
    while (pending.length === 0) await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 5; i++) {
      const h = await fetch(`${url}/healthz`);
      assert.equal(h.status, 200);
      await h.body?.cancel();
      const list = await fetch(`${url}/backtests`);
      assert.equal((await list.json()).items[0].run_id, runId);
    }
    release();
    const res = await series;
    assert.equal(res.status, 200);
    const { header } = decodeSeriesBinary(await res.arrayBuffer());
    assert.equal(header.run_id, runId);
    assert.deepEqual(pending, ["load"]);
  } finally {
    await server.shutdown();
    await app.close();
  }
});
