/**
 * End-to-end specs of the sweep API: the real `hewston serve` on a random 127.0.0.1 port over
 * a temp data dir, synthetic TEST data, real worker pool, every answer parsed with its wire
 * schema. Covers idempotency, events on the run event routes, heatmap/PBO/members, a member's
 * run on demand, errors, cancel/delete, fair share with runs, and recovery after kill -9.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  memberRunResponse,
  sweepDetail,
  sweepHeatmap,
  sweepList,
  sweepMembers,
  sweepPbo,
  sweepPreview,
  sweepSubmitResponse,
} from "../src/domain/wire/sweeps.ts";
import { errorResponse } from "../src/api/response_schemas.ts";
import { type Server, startServer } from "./_server.ts";

const JSON_TYPE = { "content-type": "application/json" };
const FINISHED = new Set(["DONE", "ERROR", "CANCELLED"]);

/** A 3 × 3 grid on two weeks of synthetic TEST minutes (one combination fast ≥ slow is skipped). */
const SMALL = {
  run: {
    symbol: "TEST",
    from: "2024-03-04",
    to: "2024-03-15",
    strategy: { name: "sma_crossover", params: {} },
    execution: { fees_bps: 1 },
  },
  grid: { fast: "5:15:5", slow: [10, 20, 40] },
};

/** 640 members on three months: chunks that each take far longer than one run. */
const LARGE = {
  run: {
    symbol: "TEST",
    from: "2024-01-02",
    to: "2024-03-28",
    strategy: { name: "sma_crossover", params: {} },
  },
  grid: { fast: "2:41:1", slow: "50:200:10" },
};

// deno-lint-ignore no-explicit-any
type Body = any;

async function call(srv: Server, method: string, path: string, body?: unknown, headers = {}) {
  const res = await fetch(srv.url + path, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: method === "POST" ? { ...JSON_TYPE, ...headers } : headers,
  });
  const text = await res.text();
  const json = res.headers.get("content-type")?.startsWith("application/json");
  return {
    status: res.status,
    headers: res.headers,
    body: (json ? JSON.parse(text) : text) as Body,
  };
}

async function until(srv: Server, path: string, done: (b: Body) => boolean): Promise<Body> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const r = await call(srv, "GET", path);
    if (done(r.body)) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${path} did not get there`);
}

const finished = (srv: Server, path: string) => until(srv, path, (b) => FINISHED.has(b.status));

/** The events of a job, parsed from the SSE flush route. */
async function events(srv: Server, path: string) {
  const text = (await call(srv, "GET", path)).body as string;
  return text.split("\n\n").filter((f) => f.startsWith("id:")).map((f) => {
    const lines = Object.fromEntries(
      f.split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
    );
    return { id: Number(lines.id), kind: lines.event, data: JSON.parse(lines.data) };
  });
}

function assertError(r: { status: number; body: Body }, status: number, code: string) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  errorResponse.parse(r.body);
  assert.equal(r.body.error.code, code);
}

Deno.test("POST /sweeps runs a grid once: idempotent, streamed, heatmap, PBO, DSR, member runs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hewston-sweeps-" });
  const srv = await startServer(dir, ["--no-demo", "--workers", "2"]);
  try {
    // The member count before launch (no dataset is built for it).
    const preview = await call(srv, "POST", "/sweeps/preview", SMALL);
    assert.equal(preview.status, 200);
    assert.deepEqual(sweepPreview.parse(preview.body), { combinations: 9, members: 7, skipped: 2 });
    assert.equal((await call(srv, "GET", "/sweeps")).body.total, 0);
    const first = await call(srv, "POST", "/sweeps", SMALL, { "Idempotency-Key": "k-1" });
    assert.equal(first.status, 202);
    const sub = sweepSubmitResponse.parse(first.body);
    assert.equal(sub.status, "QUEUED");
    assert.equal(sub.members, 7);
    assert.equal(sub.skipped, 2);
    const id = sub.sweep_id;
    assert.equal(first.headers.get("location"), `/sweeps/${id}`);

    // The live stream on the run event route shape ends at the terminal event.
    const stream = await fetch(`${srv.url}/sweeps/${id}/events/stream`);
    assert.match(stream.headers.get("content-type")!, /^text\/event-stream/);
    const text = await stream.text();
    assert.match(text, /event: done\n/);
    const evs = await events(srv, `/sweeps/${id}/events`);
    assert.deepEqual(evs.map((e) => e.kind).filter((k) => k !== "progress"), [
      "stage", // queued
      "stage", // sweep
      "stage", // artifacts
      "done",
    ]);
    const progress = evs.filter((e) => e.kind === "progress").map((e) => e.data);
    assert.ok(progress.length >= 1);
    const last = progress.at(-1);
    assert.equal(last.run_id, id);
    assert.deepEqual([last.done, last.total, last.chunks_done], [7, 7, last.chunks]);

    const detail = sweepDetail.parse((await call(srv, "GET", `/sweeps/${id}`)).body);
    assert.equal(detail.status, "DONE");
    assert.deepEqual(detail.progress, { done: 7, total: 7 });
    assert.deepEqual(detail.files.map((f) => f.name), [
      "heatmap.json",
      "pbo.json",
      "sweep-manifest.json",
      "sweep.parquet",
    ]);
    assert.ok(detail.pbo! >= 0 && detail.pbo! <= 1);
    assert.ok(detail.best !== null);
    // The DSR counts every configuration tried on the dataset: at least this sweep's members.
    assert.ok(detail.dsr!.trials >= 7);
    assert.ok(detail.dsr!.probability! >= 0 && detail.dsr!.probability! <= 1);
    assert.equal(detail.dsr!.sharpe, detail.best!.sharpe);

    // Same canonical body → same sweep; the same key with it too; the key with another body: 409.
    const again = await call(srv, "POST", "/sweeps", SMALL);
    assert.equal(again.status, 200);
    assert.deepEqual(sweepSubmitResponse.parse(again.body), { ...sub, status: "EXISTS" });
    const reordered = { grid: SMALL.grid, run: { ...SMALL.run, execution: { fees_bps: 1 } } };
    assert.equal((await call(srv, "POST", "/sweeps", reordered)).body.sweep_id, id);
    const keyed = await call(srv, "POST", "/sweeps", SMALL, { "Idempotency-Key": "k-1" });
    assert.equal(keyed.status, 200);
    assert.equal(keyed.body.sweep_id, id);
    const other = { ...SMALL, grid: { fast: [5], slow: [20] } };
    const reused = await call(srv, "POST", "/sweeps", other, { "Idempotency-Key": "k-1" });
    assertError(reused, 409, "IDEMPOTENCY_KEY_REUSED");
    assert.equal(reused.body.error.details.sweep_id, id);

    const list = sweepList.parse((await call(srv, "GET", "/sweeps")).body);
    assert.equal(list.total, 1);
    assert.equal(list.items[0].sweep_id, id);
    assert.equal(list.items[0].status, "DONE");

    // The heatmap of any metric; each cell names its member, whose metrics agree.
    const heat = sweepHeatmap.parse((await call(srv, "GET", `/sweeps/${id}/heatmap`)).body);
    assert.equal(heat.metric, "sharpe");
    assert.deepEqual(heat.x, { param: "fast", values: [5, 10, 15] });
    assert.deepEqual(heat.y, { param: "slow", values: [10, 20, 40] });
    assert.equal(heat.member[0][1], null); // fast 10, slow 10: skipped
    assert.equal(heat.member[0][0], 0);
    const members = sweepMembers.parse((await call(srv, "GET", `/sweeps/${id}/members`)).body);
    assert.equal(members.total, 7);
    const tr = sweepHeatmap.parse(
      (await call(srv, "GET", `/sweeps/${id}/heatmap?metric=total_return&x=slow&y=fast`)).body,
    );
    assert.equal(tr.x.param, "slow");
    for (let yi = 0; yi < tr.z.length; yi++) {
      for (let xi = 0; xi < tr.z[yi].length; xi++) {
        const m = tr.member[yi][xi];
        if (m === null) continue;
        const row = members.items[m];
        assert.equal(row.params.slow, tr.x.values[xi]);
        assert.equal(row.params.fast, tr.y!.values[yi]);
        assert.equal(tr.z[yi][xi], row.metrics.total_return);
      }
    }
    // The heatmap.json the sweep wrote is the default heatmap's z.
    const file = JSON.parse(await Deno.readTextFile(join(dir, "sweeps", id, "heatmap.json")));
    assert.deepEqual(heat.z, file.z);

    const pbo = sweepPbo.parse((await call(srv, "GET", `/sweeps/${id}/pbo`)).body);
    assert.equal(pbo.pbo!.pbo, detail.pbo);
    assert.ok(Array.isArray(pbo.pbo!.logits) && (pbo.pbo!.logits as number[]).length > 0);
    assert.match(pbo.meaning, /best in-sample member/);

    // A member's full run, created on demand: the run POST /backtests gives; again → EXISTS.
    const k = heat.member[2][2]!; // fast 15, slow 40
    const made = await call(srv, "POST", `/sweeps/${id}/members/${k}/run`);
    assert.equal(made.status, 202);
    const mr = memberRunResponse.parse(made.body);
    assert.deepEqual(mr.params, { ...members.items[k].params });
    const same = await call(srv, "POST", `/sweeps/${id}/members/${k}/run`);
    assert.equal(same.status, 200);
    assert.equal(same.body.run_id, mr.run_id);
    const run = await finished(srv, `/backtests/${mr.run_id}`);
    assert.equal(run.status, "DONE");
    // The run is exactly the member: the same metrics, bit for bit.
    assert.equal(run.metrics.sharpe, members.items[k].metrics.sharpe);
    assert.equal(run.metrics.total_return, members.items[k].metrics.total_return);
    const direct = await call(srv, "POST", "/backtests", {
      ...SMALL.run,
      strategy: { name: "sma_crossover", params: { fast: 15, slow: 40 } },
    });
    assert.equal(direct.status, 200);
    assert.equal(direct.body.run_id, mr.run_id);
  } finally {
    await srv.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the sweep API answers bad input and unknown ids with {error:{code,message,details}}", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hewston-sweeps-" });
  const srv = await startServer(dir, ["--no-demo", "--workers", "2"]);
  try {
    const badGrid = await call(srv, "POST", "/sweeps", { ...SMALL, grid: { fast: "5:x:5" } });
    assertError(badGrid, 422, "VALIDATION_ERROR");
    assert.match(badGrid.body.error.message, /grid\.fast/);
    const badRun = await call(srv, "POST", "/sweeps", { ...SMALL, run: { ...SMALL.run, fees: 1 } });
    assertError(badRun, 422, "VALIDATION_ERROR");
    assert.match(badRun.body.error.message, /^run\b.*fees/);
    const noAxis = await call(srv, "POST", "/sweeps", { ...SMALL, grid: { nope: [1, 2] } });
    assertError(noAxis, 422, "VALIDATION_ERROR");
    assertError(await call(srv, "POST", "/sweeps", { grid: {} }), 422, "VALIDATION_ERROR");
    const badParam = { ...SMALL, grid: { fast: [0], slow: [20] } }; // every member refused
    assertError(await call(srv, "POST", "/sweeps/preview", badParam), 422, "VALIDATION_ERROR");
    assertError(await call(srv, "GET", "/sweeps/sw-nope"), 404, "SWEEP_NOT_FOUND");
    assertError(await call(srv, "GET", "/sweeps/sw-nope/heatmap"), 404, "SWEEP_NOT_FOUND");
    assertError(await call(srv, "POST", "/sweeps/sw-nope/cancel"), 404, "SWEEP_NOT_FOUND");
    assertError(await call(srv, "DELETE", "/sweeps/sw-nope"), 404, "SWEEP_NOT_FOUND");
    assertError(await call(srv, "GET", "/sweeps?status=BAD"), 422, "VALIDATION_ERROR");

    const id = (await call(srv, "POST", "/sweeps", SMALL)).body.sweep_id;
    await finished(srv, `/sweeps/${id}`);
    assertError(
      await call(srv, "GET", `/sweeps/${id}/heatmap?metric=nope`),
      422,
      "VALIDATION_ERROR",
    );
    assertError(await call(srv, "GET", `/sweeps/${id}/heatmap?x=nope`), 422, "VALIDATION_ERROR");
    assertError(await call(srv, "POST", `/sweeps/${id}/members/7/run`), 404, "MEMBER_NOT_FOUND");
    assertError(await call(srv, "POST", `/sweeps/${id}/members/x/run`), 404, "MEMBER_NOT_FOUND");
    assertError(await call(srv, "POST", `/sweeps/${id}/cancel`), 409, "SWEEP_FINISHED");
  } finally {
    await srv.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a sweep is cancelled and deleted whole; a run posted during a large sweep finishes first", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hewston-sweeps-" });
  const srv = await startServer(dir, ["--no-demo", "--workers", "2"]);
  try {
    // Fair share: the run is posted once the sweep's chunks hold every worker.
    const big = (await call(srv, "POST", "/sweeps", LARGE)).body.sweep_id;
    await until(srv, `/sweeps/${big}`, (b) => b.status === "RUNNING");
    const posted = await call(srv, "POST", "/backtests", {
      ...LARGE.run,
      strategy: { name: "sma_crossover", params: { fast: 3, slow: 77 } },
    });
    assert.equal(posted.status, 202);
    const runId = posted.body.run_id;
    assert.equal((await finished(srv, `/backtests/${runId}`)).status, "DONE");
    assert.equal((await finished(srv, `/sweeps/${big}`)).status, "DONE");
    const runDone = (await events(srv, `/backtests/${runId}/events`)).find((e) =>
      e.kind === "done"
    )!;
    const sweepEvents = await events(srv, `/sweeps/${big}/events`);
    const sweepDone = sweepEvents.find((e) => e.kind === "done")!;
    assert.ok(runDone.id < sweepDone.id, "the run finished before the sweep");
    // Chunks the sweep had finished when the run was done: FIFO would have put the run behind
    // every chunk queued before it (all but the two running ones).
    const progress = sweepEvents.filter((e) => e.kind === "progress");
    const chunks = progress[0].data.chunks as number;
    const before = progress.filter((e) => e.id < runDone.id).length;
    assert.ok(chunks >= 8, `chunks ${chunks}`);
    assert.ok(before <= chunks / 2, `${before} of ${chunks} chunks were done before the run`);

    // Cancel mid-way: CANCELLED, the stream ends with `cancelled`, no folder; then delete.
    await call(srv, "DELETE", `/sweeps/${big}`);
    const again = await call(srv, "POST", "/sweeps", LARGE);
    assert.equal(again.status, 202);
    const id = again.body.sweep_id;
    assert.equal(id, big); // the same inputs name the same sweep
    await until(srv, `/sweeps/${id}`, (b) => b.status === "RUNNING");
    const cancelled = await call(srv, "POST", `/sweeps/${id}/cancel`);
    assert.equal(cancelled.status, 200);
    assert.equal(sweepDetail.parse(cancelled.body).status, "CANCELLED");
    const stream = await (await fetch(`${srv.url}/sweeps/${id}/events/stream`)).text();
    assert.match(stream, /event: cancelled\n[^]*$/);
    const deleted = await call(srv, "DELETE", `/sweeps/${id}`);
    assert.equal(deleted.status, 204);
    assertError(await call(srv, "GET", `/sweeps/${id}`), 404, "SWEEP_NOT_FOUND");
    // Its log is one `deleted` event (for the catalog-wide stream); its own stream is gone.
    assertError(await call(srv, "GET", `/sweeps/${id}/events`), 404, "RUN_NOT_FOUND");
    const left = [];
    for await (const e of Deno.readDir(join(dir, "sweeps"))) left.push(e.name);
    assert.deepEqual(left, []);
  } finally {
    await srv.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a sweep running when the server is killed is visibly failed after restart, and runs again when posted", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hewston-sweeps-" });
  let srv = await startServer(dir, ["--no-demo", "--workers", "2"]);
  let id: string;
  try {
    id = (await call(srv, "POST", "/sweeps", LARGE)).body.sweep_id;
    await until(srv, `/sweeps/${id}`, (b) => b.status === "RUNNING" && b.progress.done > 0);
  } finally {
    await srv.kill();
  }
  // As if the kill had come while the artifacts were being written.
  await Deno.mkdir(join(dir, "sweeps", `${id}.building`), { recursive: true });
  await Deno.writeTextFile(join(dir, "sweeps", `${id}.building`, "heatmap.json"), "{");
  srv = await startServer(dir, ["--no-demo", "--workers", "2"]);
  try {
    const after = sweepDetail.parse((await call(srv, "GET", `/sweeps/${id}`)).body);
    assert.equal(after.status, "ERROR");
    assert.match(after.error!, /interrupted/);
    const stream = await (await fetch(`${srv.url}/sweeps/${id}/events/stream`)).text();
    assert.match(stream, /event: error\n[^]*INTERRUPTED[^]*$/);
    for await (const e of Deno.readDir(join(dir, "sweeps"))) {
      assert.ok(!e.name.endsWith(".building"), e.name);
    }
    const again = await call(srv, "POST", "/sweeps", LARGE);
    assert.equal(again.status, 202);
    assert.equal(again.body.sweep_id, id);
    // Its stream is the new run's: it follows it to `done`, not the old INTERRUPTED error.
    const rerun = await (await fetch(`${srv.url}/sweeps/${id}/events/stream`)).text();
    assert.match(rerun, /event: done\n/);
    assert.doesNotMatch(rerun, /INTERRUPTED/);
    assert.equal((await finished(srv, `/sweeps/${id}`)).status, "DONE");
  } finally {
    await srv.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
