/**
 * Specs of dataset jobs as durable, cancellable, bounded work: POST /datasets refuses a build
 * above the size quota, `POST /datasets/jobs/{job_id}/cancel` stops a build and ends its
 * stream, and a restarted service gives every job it lost a terminal event, so no stream
 * heartbeats forever. Jobs are driven by hand (ManualPool).
 */
import assert from "node:assert/strict";
import { RunService } from "../../services/runs/run_service.ts";
import { createApp } from "../app.ts";
import { testApp } from "../testing/test_app.ts";

const JSON_TYPE = { "Content-Type": "application/json" };
const BUILD = {
  symbol: "TEST",
  from: "2024-03-04",
  to: "2024-03-08",
  source: { kind: "synthetic", seed: 9 },
};

Deno.test("POST /datasets refuses a build above the size quota with 413 DATASET_TOO_LARGE", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    const res = await app.request("/datasets", {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({
        symbol: "TEST",
        from: "2020-01-01",
        to: "2024-12-31",
        source: { kind: "synthetic", seed: 1, trades_per_day: 1_000_000 },
      }),
    });
    assert.equal(res.status, 413);
    const body = await res.json();
    assert.equal(body.error.code, "DATASET_TOO_LARGE");
    assert.match(
      body.error.message,
      /^this build would write about \d+ MB, above the limit of 2048 MB \(serve --max-dataset-mb\)/,
    );
    assert.equal(body.error.details.max_bytes, 2 * 1024 ** 3);
    assert.equal(t.pool.tasks.length, 0);
  } finally {
    t.close();
  }
  const small = await testApp({ maxDatasetBytes: 1024 });
  try {
    const res = await createApp(small.deps).request("/datasets", {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify(BUILD),
    });
    assert.equal(res.status, 413);
    await res.body?.cancel();
  } finally {
    small.close();
  }
});

Deno.test("POST /datasets/jobs/{job_id}/cancel stops a build and its stream ends with cancelled", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    const res = await app.request("/datasets", {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify(BUILD),
    });
    assert.equal(res.status, 202);
    const job = (await res.json()).job_id;
    t.pool.tasks[0].progress({ stage: "generate", done: 1, total: 5 });
    const cancel = await app.request(`/datasets/jobs/${job}/cancel`, {
      method: "POST",
      headers: JSON_TYPE,
    });
    assert.equal(cancel.status, 200);
    assert.deepEqual(await cancel.json(), {
      job_id: job,
      status: "CANCELLED",
      events_url: `/backtests/${job}/events`,
    });
    assert.deepEqual(t.deps.events.after(job).map((e) => e.kind), [
      "stage",
      "stage",
      "cancelled",
    ]);
    // The stream of a cancelled job ends at once with its terminal event.
    const stream = await app.request(`/backtests/${job}/events/stream`);
    assert.match(await stream.text(), /event: cancelled\n[^]*$/);
    const again = await app.request(`/datasets/jobs/${job}/cancel`, {
      method: "POST",
      headers: JSON_TYPE,
    });
    assert.equal(again.status, 409);
    assert.equal((await again.json()).error.code, "JOB_FINISHED");
    const unknown = await app.request("/datasets/jobs/dataset-0000000000000000/cancel", {
      method: "POST",
      headers: JSON_TYPE,
    });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, "JOB_NOT_FOUND");
  } finally {
    t.close();
  }
});

Deno.test("recover() ends every dataset job a stopped server lost with an INTERRUPTED error", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    const res = await app.request("/datasets", {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify(BUILD),
    });
    const job = (await res.json()).job_id;
    t.pool.tasks[0].progress({ stage: "generate", done: 1, total: 5 });
    // The server dies: a new service over the same catalog starts up.
    const restarted = new RunService({
      dir: t.deps.dir,
      catalog: t.deps.catalog,
      runs: t.deps.runs,
      events: t.deps.events,
      pool: t.pool,
    });
    const { interrupted, failed } = await restarted.recover();
    assert.deepEqual(interrupted, [job]);
    assert.deepEqual(failed, []);
    const last = t.deps.events.latest(job)!;
    assert.equal(last.kind, "error");
    assert.deepEqual(last.data, {
      code: "INTERRUPTED",
      message: "the server stopped during the build; POST /datasets again to rebuild",
    });
    const stream = await createApp({ ...t.deps, service: restarted }).request(
      `/backtests/${job}/events/stream`,
    );
    assert.match(await stream.text(), /event: error\n[^]*INTERRUPTED[^]*$/);
    // Recovering again adds nothing: the job has its terminal event.
    assert.deepEqual((await restarted.recover()).interrupted, []);
  } finally {
    t.close();
  }
});
