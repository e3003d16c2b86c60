/**
 * Specs of the event routes: the flush endpoint (exact SSE text, ETag / 304, after_id) and
 * the long-lived stream (push, heartbeats, resume with Last-Event-ID, clean-up), over the
 * real app, catalog and a real 127.0.0.1 server, with jobs driven by hand.
 */
import assert from "node:assert/strict";
import { datasetJobId } from "../../services/datasets/dataset_service.ts";
import type { RunEvent } from "../../domain/events.ts";
import { builtResult, putRun, serve, SseReader, TEST_SPEC, testApp } from "../testing/test_app.ts";
import { createApp } from "../app.ts";
import { openStore } from "../../store/open_store.ts";

const JOB = datasetJobId(TEST_SPEC);
const SPEC_JSON =
  '{"symbol":"TEST","from":"2024-03-04","to":"2024-03-08","source":{"kind":"synthetic","seed":7},"extended_hours":false}';

/** The exact frame of an event, written out by hand. */
function frame(e: RunEvent, rest: string): string {
  return `id: ${e.id}\nevent: ${e.kind}\ndata: {"run_id":"${e.runId}","event_id":${e.id},"kind":"${e.kind}","stage":"${e.stage}","ts":"${e.createdAt}"${rest}}\n\n`;
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 2000;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("GET /backtests/{id}/events flushes a job's events as exact SSE text with a strong ETag", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    const built = t.deps.service.buildDataset(TEST_SPEC);
    const task = t.pool.tasks[0];
    task.progress({ stage: "derive", done: 1, total: 3 });
    task.progress({ stage: "derive", done: 2, total: 3, message: "day 2" });
    task.resolve(builtResult("TEST-x", 1950));
    assert.equal((await built).jobId, JOB);
    const [a, b, c, d] = t.deps.events.after(JOB);
    assert.deepEqual([a.id, b.id, c.id, d.id], [1, 2, 3, 4]);
    const text = frame(a, `,"spec":${SPEC_JSON}`) +
      frame(b, ',"done":1,"total":3') +
      frame(c, ',"done":2,"total":3,"message":"day 2"') +
      frame(d, ',"dataset_id":"TEST-x","bars":1950');
    assert.equal(a.kind + b.kind + c.kind + d.kind, "stagestageprogressdone");

    const res = await app.request(`/backtests/${JOB}/events`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "no-cache");
    const etag = res.headers.get("etag")!;
    assert.match(etag, /^"ev-[0-9a-f]{32}"$/);
    assert.equal(await res.text(), text);

    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const same = await app.request(`/backtests/${JOB}/events`, {
        headers: { "If-None-Match": tag },
      });
      assert.equal(same.status, 304, tag);
      assert.equal(same.headers.get("etag"), etag);
      assert.equal(await same.text(), "");
    }
    const stale = await app.request(`/backtests/${JOB}/events`, {
      headers: { "If-None-Match": '"ev-0"' },
    });
    assert.equal(stale.status, 200);
    assert.equal(await stale.text(), text);

    const tail = await app.request(`/runs/${JOB}/events?after_id=2`);
    assert.equal(tail.headers.get("etag"), etag);
    assert.equal(
      await tail.text(),
      frame(c, ',"done":2,"total":3,"message":"day 2"') +
        frame(d, ',"dataset_id":"TEST-x","bars":1950'),
    );
    assert.equal(await (await app.request(`/backtests/${JOB}/events?after_id=4`)).text(), "");

    // A new event (the job runs again) changes the tag.
    t.deps.service.startDatasetBuild(TEST_SPEC, true);
    const again = await app.request(`/backtests/${JOB}/events`, {
      headers: { "If-None-Match": etag },
    });
    assert.equal(again.status, 200);
    assert.notEqual(again.headers.get("etag"), etag);
    assert.match(await again.text(), /\nid: 5\nevent: stage\n.*"stage":"queued"/s);
  } finally {
    t.close();
  }
});

Deno.test("GET /backtests/{id}/events answers 404 for unknown ids, 422 for a bad after_id, and an empty body for a run without events", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    const missing = await app.request("/backtests/nope/events");
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), {
      error: { code: "RUN_NOT_FOUND", message: "run nope not found" },
    });
    assert.equal((await app.request("/runs/nope/events/stream")).status, 404);
    putRun(t.deps, "cli0000000000001", "DONE");
    for (const q of ["-1", "1.5", "x", ""]) {
      const bad = await app.request(`/backtests/cli0000000000001/events?after_id=${q}`);
      assert.equal(bad.status, 422, q);
      assert.equal((await bad.json()).error.code, "VALIDATION_ERROR");
    }
    const empty = await app.request("/backtests/cli0000000000001/events");
    assert.equal(empty.status, 200);
    assert.equal(await empty.text(), "");
    // A finished run that will never get an event (made by the CLI): the stream ends at once.
    const stream = await app.request("/backtests/cli0000000000001/events/stream");
    assert.equal(stream.status, 200);
    assert.equal(await stream.text(), "");
    const hb = await app.request("/backtests/cli0000000000001/events/stream?heartbeat=0");
    assert.equal(hb.status, 422);
  } finally {
    t.close();
  }
});

Deno.test("GET /backtests/{id}/events/stream pushes new events, sends heartbeats, and ends after the terminal event", async () => {
  const t = await testApp();
  const srv = serve(t.deps);
  try {
    const built = t.deps.service.buildDataset(TEST_SPEC);
    const res = await fetch(`${srv.url}/backtests/${JOB}/events/stream?heartbeat=0.05`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    assert.equal(res.headers.get("etag"), null);
    const r = new SseReader(res.body!);
    const [queued] = await r.events(1);
    assert.equal(queued, frame(t.deps.events.after(JOB)[0], `,"spec":${SPEC_JSON}`));
    assert.equal(t.deps.service.subscriberCount(JOB), 1);

    const task = t.pool.tasks[0];
    task.progress({ stage: "derive", done: 1, total: 2 });
    const [derive] = await r.events(1);
    assert.equal(derive, frame(t.deps.events.after(JOB, 1)[0], ',"done":1,"total":2'));

    const [hb] = await r.frames(1);
    assert.match(
      hb,
      /^event: heartbeat\ndata: \{"ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"\}\n\n$/,
    );

    task.resolve(builtResult("TEST-x", 10));
    await built;
    const rest = await r.rest();
    const done = frame(t.deps.events.after(JOB, 2)[0], ',"dataset_id":"TEST-x","bars":10');
    // Heartbeats may precede the last event; nothing follows it, and the stream is closed.
    assert.ok(rest.endsWith(done), rest);
    assert.match(rest.slice(0, -done.length), /^(event: heartbeat\ndata: \{"ts":"[^"]+"\}\n\n)*$/);
    assert.equal(t.deps.service.subscriberCount(JOB), 0);
  } finally {
    await srv.shutdown();
    t.close();
  }
});

Deno.test("GET /backtests/{id}/events/stream resumes after Last-Event-ID without duplicates or gaps", async () => {
  const t = await testApp();
  const srv = serve(t.deps);
  try {
    const built = t.deps.service.buildDataset(TEST_SPEC);
    const task = t.pool.tasks[0];
    task.progress({ stage: "ingest", done: 1, total: 4 });
    task.progress({ stage: "ingest", done: 2, total: 4 });

    const first = new SseReader((await fetch(`${srv.url}/runs/${JOB}/events/stream`)).body!);
    const seen = await first.events(2);
    await first.cancel();
    // The server notices the disconnect and drops the subscription.
    await waitFor(() => t.deps.service.subscriberCount(JOB) === 0, "the unsubscribe");

    task.progress({ stage: "derive", done: 3, total: 4 });
    task.resolve(builtResult("TEST-x", 10));
    await built;

    const lastSeen = seen[1].match(/^id: (\d+)\n/)![1];
    assert.equal(lastSeen, "2");
    const second = await fetch(`${srv.url}/backtests/${JOB}/events/stream?after_id=0`, {
      headers: { "Last-Event-ID": lastSeen },
    });
    const rest = await new SseReader(second.body!).rest();
    const flush = await (await fetch(`${srv.url}/backtests/${JOB}/events?after_id=2`)).text();
    assert.equal(rest, flush);
    const ids = [...(seen.join("") + rest).matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    assert.deepEqual(ids, [1, 2, 3, 4, 5]);
    assert.deepEqual([...rest.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]), [
      "progress",
      "stage",
      "done",
    ]);

    // Resuming after the terminal event ends at once, with nothing sent.
    const after = await fetch(`${srv.url}/backtests/${JOB}/events/stream`, {
      headers: { "Last-Event-ID": "5" },
    });
    assert.equal(await after.text(), "");
    assert.equal(t.deps.service.subscriberCount(JOB), 0);
  } finally {
    await srv.shutdown();
    t.close();
  }
});

Deno.test("GET /backtests/{id}/events/stream of a run ends with its cancelled event, and open streams end on service stop", async () => {
  const t = await testApp();
  const srv = serve(t.deps);
  try {
    putRun(t.deps, "run0000000000001", "QUEUED");
    putRun(t.deps, "run0000000000002", "QUEUED");
    // Recovery schedules queued runs on the (manual) pool.
    assert.deepEqual((await t.deps.service.recover()).requeued.sort(), [
      "run0000000000001",
      "run0000000000002",
    ]);
    const res = await fetch(`${srv.url}/backtests/run0000000000001/events/stream`);
    const r = new SseReader(res.body!);
    const load = t.pool.tasks.find((x) =>
      (x.request as { runId: string }).runId === "run0000000000001"
    )!;
    load.progress({ stage: "load", done: 0, total: 7 });
    const [stage] = await r.events(1);
    assert.match(
      stage,
      /^id: \d+\nevent: stage\ndata: \{"run_id":"run0000000000001",.*"stage":"load"/,
    );
    await t.deps.service.cancel("run0000000000001");
    const [ev] = t.deps.events.after("run0000000000001").slice(-1);
    assert.equal(await r.rest(), frame(ev, ',"status":"CANCELLED"'));

    const open = new SseReader(
      (await fetch(`${srv.url}/backtests/run0000000000002/events/stream`)).body!,
    );
    await waitFor(() => t.deps.service.subscriberCount("run0000000000002") === 1, "subscribe");
    t.deps.service.stop();
    assert.equal(await open.rest(), "");
    assert.equal(t.deps.service.subscriberCount("run0000000000002"), 0);
  } finally {
    await srv.shutdown();
    t.close();
  }
});

Deno.test("GET /backtests/{id}/events/stream with after_id past the newest event follows new events and ends", async () => {
  const t = await testApp();
  const srv = serve(t.deps);
  try {
    const built = t.deps.service.buildDataset(TEST_SPEC);
    const task = t.pool.tasks[0];
    task.progress({ stage: "ingest", done: 1, total: 2 });
    const res = await fetch(`${srv.url}/backtests/${JOB}/events/stream?after_id=999999999`);
    assert.equal(res.status, 200);
    const r = new SseReader(res.body!);
    await waitFor(() => t.deps.service.subscriberCount(JOB) === 1, "subscribe");
    task.progress({ stage: "derive", done: 2, total: 2 });
    task.resolve(builtResult("TEST-x", 10));
    await built;
    const [, , derive, done] = t.deps.events.after(JOB);
    // Nothing old is replayed; the new events come, and the terminal one ends the stream.
    const text = await r.rest();
    assert.ok(text.endsWith(frame(done, ',"dataset_id":"TEST-x","bars":10')), text);
    assert.ok(text.includes(`id: ${derive.id}\n`), text);
    assert.ok(!text.includes("id: 1\n") && !text.includes("id: 2\n"), text);
    assert.equal(t.deps.service.subscriberCount(JOB), 0);

    // A finished job with a resume point past its newest event ends at once.
    const after = await fetch(`${srv.url}/backtests/${JOB}/events/stream`, {
      headers: { "Last-Event-ID": "123456789012" },
    });
    assert.equal(await after.text(), "");
  } finally {
    await srv.shutdown();
    t.close();
  }
});

Deno.test("GET /events streams every job's events in id order from now on, and resumes after Last-Event-ID without duplicates or gaps", async () => {
  const t = await testApp();
  const srv = serve(t.deps);
  try {
    putRun(t.deps, "old0000000000001", "DONE");
    t.deps.events.append("old0000000000001", "done", "done", { status: "DONE" });
    const before = t.deps.events.newestId();

    // Without a resume point the stream starts now: the older event is not replayed.
    const live = new SseReader((await fetch(`${srv.url}/events?heartbeat=0.05`)).body!);
    const built = t.deps.service.buildDataset(TEST_SPEC);
    const task = t.pool.tasks[0];
    task.progress({ stage: "derive", done: 1, total: 2 });
    t.deps.events.append("old0000000000001", "progress", "metrics", { done: 1, total: 1 });
    const got = await live.events(3);
    const want = t.deps.events.afterAll(before);
    assert.deepEqual(want.map((e) => e.runId), [JOB, JOB, "old0000000000001"]);
    assert.deepEqual(got, [
      frame(want[0], `,"spec":${SPEC_JSON}`),
      frame(want[1], ',"done":1,"total":2'),
      frame(want[2], ',"done":1,"total":1'),
    ]);
    // Heartbeats keep flowing, and the stream does not end at a job's terminal event.
    await live.frames(1);
    await live.cancel();

    task.resolve(builtResult("TEST-x", 10));
    await built;
    // A client that saw up to want[1] resumes: the rest, in order, once each.
    const resumed = new SseReader(
      (await fetch(`${srv.url}/events?after_id=0`, {
        headers: { "Last-Event-ID": String(want[1].id) },
      })).body!,
    );
    const rest = await resumed.events(2);
    const tail = t.deps.events.afterAll(want[1].id);
    assert.equal(tail.length, 2);
    assert.deepEqual(rest, [
      frame(tail[0], ',"done":1,"total":1'),
      frame(tail[1], ',"dataset_id":"TEST-x","bars":10'),
    ]);
    await resumed.cancel();

    // after_id=0 replays the whole log; a resume point past the newest counts as the newest.
    const all = new SseReader((await fetch(`${srv.url}/events?after_id=0`)).body!);
    const ids = (await all.events(want.length + 2)).map((f) => Number(f.match(/^id: (\d+)/)![1]));
    assert.deepEqual(ids, t.deps.events.afterAll(0).map((e) => e.id));
    await all.cancel();
    const far = new SseReader(
      (await fetch(`${srv.url}/events`, { headers: { "Last-Event-ID": "999999" } })).body!,
    );
    t.deps.events.append("old0000000000001", "progress", "metrics", { done: 2, total: 2 });
    const [next] = await far.events(1);
    assert.match(next, new RegExp(`^id: ${t.deps.events.newestId()}\\nevent: progress\\n`));
    await far.cancel();

    for (const q of ["after_id=-1", "after_id=x", "heartbeat=0", "heartbeat=abc"]) {
      const bad = await fetch(`${srv.url}/events?${q}`);
      assert.equal(bad.status, 422, q);
      assert.equal((await bad.json()).error.code, "VALIDATION_ERROR");
    }
  } finally {
    await srv.shutdown();
    t.close();
  }
});

Deno.test("GET /events sends `deleted` when a run is deleted, and the deleted run's own events answer 404", async () => {
  const t = await testApp();
  const srv = serve(t.deps);
  try {
    putRun(t.deps, "del0000000000001", "DONE");
    t.deps.events.append("del0000000000001", "done", "done", { status: "DONE" });
    const live = new SseReader((await fetch(`${srv.url}/events`)).body!);
    const del = await fetch(`${srv.url}/backtests/del0000000000001`, { method: "DELETE" });
    assert.equal(del.status, 204);
    const [deleted] = await live.events(1);
    const e = t.deps.events.afterAll(0);
    // The run's earlier events are gone with it; only the `deleted` one is left.
    assert.equal(e.length, 1);
    assert.equal(deleted, frame(e[0], ',"status":"DELETED"'));
    assert.match(deleted, /^id: \d+\nevent: deleted\n/);
    await live.cancel();
    for (const path of ["events", "events/stream"]) {
      const res = await fetch(`${srv.url}/backtests/del0000000000001/${path}`);
      assert.equal(res.status, 404, path);
      assert.equal((await res.json()).error.code, "RUN_NOT_FOUND");
    }
  } finally {
    await srv.shutdown();
    t.close();
  }
});

Deno.test("GET /events reads what another connection wrote to the catalog at the next heartbeat", async () => {
  const t = await testApp();
  const srv = serve(t.deps);
  const { events: other, catalog } = await openStore(t.dir);
  try {
    const live = new SseReader((await fetch(`${srv.url}/events?heartbeat=0.05`)).body!);
    await live.frames(1);
    other.append("elsewhere000001", "stage", "queued", { status: "QUEUED" });
    const [queued] = await live.events(1);
    assert.equal(queued, frame(t.deps.events.afterAll(0)[0], ',"status":"QUEUED"'));
    await live.cancel();
  } finally {
    catalog.close();
    await srv.shutdown();
    t.close();
  }
});
