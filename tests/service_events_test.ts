/**
 * End-to-end specs of the event endpoints on the real `hewston serve` (random 127.0.0.1
 * port, temp data dir): a real run's events flushed with ETag / 304, a live dataset job's
 * stream resumed with Last-Event-ID, heartbeats, the request log lines on stdout, and open
 * streams ended by a graceful shutdown.
 */
import assert from "node:assert/strict";
import { SseReader } from "../src/api/testing/test_app.ts";
import { DEMO_SPEC } from "../src/market/build_dataset.ts";
import { datasetJobId } from "../src/services/datasets/dataset_service.ts";
import { startServer } from "./_server.ts";
import { tempDir } from "./testing/temp_dir.ts";

const RUN_BODY = {
  symbol: "TEST",
  from: "2024-03-04",
  to: "2024-03-08",
  strategy_id: "sma_crossover",
  params: { fast: 10, slow: 30 },
  seed: 42,
};

function ids(text: string): number[] {
  return [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
}

function kinds(text: string): string[] {
  return [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
}

Deno.test("hewston serve flushes a run's events with an ETag, answers 304, and streams them to the end", async () => {
  const dir = await tempDir();
  const srv = await startServer(dir, ["--no-demo"]);
  let runId = "";
  let requestId: string | null = null;
  try {
    const post = await fetch(`${srv.url}/backtests`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": "events-e2e-1" },
      body: JSON.stringify(RUN_BODY),
    });
    assert.equal(post.status, 202);
    runId = (await post.json()).run_id;
    requestId = post.headers.get("x-request-id");

    // The stream replays what happened so far, then follows the run to its terminal event.
    const live = await fetch(`${srv.url}/runs/${runId}/events/stream`);
    assert.equal(live.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const streamed = await new SseReader(live.body!).rest();
    assert.equal(kinds(streamed).at(-1), "done");
    assert.equal(kinds(streamed)[0], "stage");
    assert.match(
      streamed,
      /^id: \d+\nevent: stage\ndata: \{"run_id":"[0-9a-f]+","event_id":\d+,"kind":"stage","stage":"queued","ts":"[^"]+","status":"QUEUED"\}\n\n/,
    );
    assert.match(
      streamed,
      /\nid: \d+\nevent: done\ndata: \{"run_id":"[0-9a-f]+","event_id":\d+,"kind":"done","stage":"done","ts":"[^"]+","status":"DONE","duration_ms":\d+,"sharpe":[-0-9.e]+,"total_return":[-0-9.e]+\}\n\n$/,
    );

    const flush = await fetch(`${srv.url}/backtests/${runId}/events`);
    assert.equal(flush.status, 200);
    const etag = flush.headers.get("etag")!;
    assert.match(etag, /^"ev-[0-9a-f]{32}"$/);
    const text = await flush.text();
    assert.equal(text, streamed);
    const all = ids(text);
    assert.deepEqual(all, [...all].sort((a, b) => a - b));

    const cached = await fetch(`${srv.url}/runs/${runId}/events`, {
      headers: { "If-None-Match": etag },
    });
    assert.equal(cached.status, 304);
    assert.equal(cached.headers.get("etag"), etag);
    assert.equal(await cached.text(), "");

    const tail = await fetch(`${srv.url}/backtests/${runId}/events?after_id=${all[1]}`);
    assert.deepEqual(ids(await tail.text()), all.slice(2));
    const resumed = await fetch(`${srv.url}/backtests/${runId}/events/stream`, {
      headers: { "Last-Event-ID": String(all[1]) },
    });
    assert.equal(await resumed.text(), text.slice(text.indexOf(`id: ${all[2]}\n`)));

    const missing = await fetch(`${srv.url}/backtests/0000000000000000/events`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "RUN_NOT_FOUND");
  } finally {
    await srv.stop();
  }
  // Read once the server has exited (stdout arrives asynchronously). One JSON log line per request, with the run id where there is one, never a header.
  const lines = srv.output().split("\n").filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
  const postLine = lines.find((l) => l.method === "POST")!;
  assert.deepEqual(Object.keys(postLine), [
    "ts",
    "level",
    "msg",
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "run_id",
    "idempotency_key",
  ]);
  assert.equal(postLine.path, "/backtests");
  assert.equal(postLine.status, 202);
  assert.equal(postLine.idempotency_key, "events-e2e-1");
  assert.equal(postLine.run_id, runId);
  assert.equal(postLine.level, "info");
  assert.equal(requestId, postLine.request_id);
  const cachedLine = lines.find((l) => l.status === 304)!;
  assert.equal(cachedLine.path, `/runs/${runId}/events`);
  assert.equal(cachedLine.run_id, runId);
  assert.equal(lines.length, 7);
});

Deno.test("hewston serve streams a live dataset job with heartbeats and resumes it after Last-Event-ID", async () => {
  const dir = await tempDir();
  const srv = await startServer(dir, ["--no-demo"]);
  try {
    const post = await fetch(`${srv.url}/datasets`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ symbol: "TEST", from: "2024-01-02", to: "2024-02-29" }),
    });
    assert.equal(post.status, 202);
    const { job_id: job } = await post.json();
    assert.match(job, /^dataset-[0-9a-f]{16}$/);

    const first = new SseReader(
      (await fetch(`${srv.url}/backtests/${job}/events/stream?heartbeat=0.05`)).body!,
    );
    const head = await first.events(3);
    assert.equal(head.length, 3);
    assert.match(
      head[0],
      /^id: \d+\nevent: stage\ndata: \{"run_id":"dataset-[0-9a-f]{16}",.*"stage":"queued"/,
    );
    // A heartbeat has no id line and carries only a timestamp.
    // Events read while waiting for it are not counted as seen: the resume re-sends them.
    while (first.heartbeats === 0) {
      if ((await first.events(1)).length === 0) throw new Error("stream ended before a heartbeat");
    }
    await first.cancel();

    const lastSeen = ids(head.join("")).at(-1)!;
    const second = await fetch(`${srv.url}/runs/${job}/events/stream?heartbeat=0.05`, {
      headers: { "Last-Event-ID": String(lastSeen) },
    });
    const rest = await new SseReader(second.body!).rest();
    const events = rest.split("\n\n").filter((f) => f && !f.startsWith("event: heartbeat\n"));
    assert.equal(kinds(events.join("\n\n") + "\n").at(-1), "done");
    for (const hb of rest.split("\n\n").filter((f) => f.startsWith("event: heartbeat\n"))) {
      assert.match(hb, /^event: heartbeat\ndata: \{"ts":"[^"]+"\}$/);
    }

    // Seen before the disconnect + after the resume = the whole log, in order, once each.
    const flush = await (await fetch(`${srv.url}/backtests/${job}/events`)).text();
    const whole = ids(flush);
    assert.deepEqual(ids(head.join("") + rest).slice(0, 3), whole.slice(0, 3));
    assert.deepEqual(ids(head.join("") + rest), whole);
    assert.ok(whole.length >= 4, flush);
    assert.equal(kinds(flush).at(-1), "done");
  } finally {
    await srv.stop();
  }
});

Deno.test("hewston serve ends open event streams on SIGTERM and exits", async () => {
  const dir = await tempDir();
  // The DEMO build on first start is a job that runs for seconds: its stream stays open.
  const srv = await startServer(dir);
  const job = datasetJobId(DEMO_SPEC);
  const res = await fetch(`${srv.url}/backtests/${job}/events/stream`);
  const sse = new SseReader(res.body!);
  const [queued] = await sse.events(1);
  assert.match(queued, /"stage":"queued"/);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopped = await Promise.race([
    srv.stop().then(() => "stopped"),
    new Promise((r) => timer = setTimeout(() => r("still running after 5 s"), 5000)),
  ]);
  clearTimeout(timer);
  assert.equal(stopped, "stopped");
  // The stream ended cleanly, without a terminal event (the build was cut short).
  const rest = await sse.rest();
  assert.doesNotMatch(rest, /^event: (done|error|cancelled)$/m);
});
