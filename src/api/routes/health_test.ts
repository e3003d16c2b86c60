/**
 * Specs of /healthz, /health and /metrics over the real app and catalog.
 */
import assert from "node:assert/strict";
import { builtResult, parseExposition, putRun, TEST_SPEC, testApp } from "../testing/test_app.ts";
import { createApp } from "../app.ts";
import { RECENT_JOBS } from "../../services/job_durations.ts";

Deno.test("GET /healthz reports version, demo state, pool, run counts and the schema version", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    putRun(t.deps, "run0000000000001", "QUEUED");
    putRun(t.deps, "run0000000000002", "DONE");
    for (const path of ["/healthz", "/health"]) {
      const { memory_mb, ...body } = await (await app.request(path)).json();
      assert.ok(memory_mb.rss > 0 && memory_mb.heap_used > 0 && memory_mb.external >= 0);
      assert.deepEqual(body, {
        status: "ok",
        version: "0.0.0-test",
        uptime_s: 0,
        demo: "absent",
        pool: { workers: 1, alive: 1, queued: 0, running: 0 },
        runs: { queued: 1, running: 0 },
        catalog_schema_version: t.deps.catalog.schemaVersion(),
      });
    }
    assert.ok(t.deps.catalog.schemaVersion() >= 4);
    t.deps.state.demo = "error";
    t.deps.state.demoError = "no data";
    const body = await (await app.request("/healthz")).json();
    assert.equal(body.demo, "error");
    assert.equal(body.demo_error, "no data");
  } finally {
    t.close();
  }
});

Deno.test("GET /metrics is valid Prometheus text with runs, jobs, HTTP, frames and pool figures", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    putRun(t.deps, "run0000000000001", "DONE");
    putRun(t.deps, "run0000000000002", "DONE");
    putRun(t.deps, "run0000000000003", "ERROR");
    const built = t.deps.service.buildDataset(TEST_SPEC);
    t.pool.tasks[0].resolve(builtResult("TEST-x", 1));
    await built;
    await app.request("/healthz");
    await app.request("/healthz");
    await app.request("/nope");
    t.deps.http.framesSent = 12;
    t.deps.http.framesDropped = 2;

    const res = await app.request("/metrics");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    const s = parseExposition(text);
    assert.equal(s.get('hewston_runs{status="DONE"}'), 2);
    assert.equal(s.get('hewston_runs{status="ERROR"}'), 1);
    assert.equal(s.get('hewston_runs{status="QUEUED"}'), 0);
    assert.equal(s.get('hewston_job_duration_seconds_count{kind="dataset"}'), 1);
    assert.equal(s.get('hewston_job_duration_seconds_count{kind="backtest"}'), 0);
    assert.ok(Number.isNaN(s.get('hewston_job_duration_seconds{kind="backtest",quantile="0.5"}')));
    assert.equal(
      s.get('hewston_http_requests_total{method="GET",route="/healthz",status="200"}'),
      2,
    );
    assert.equal(
      s.get('hewston_http_requests_total{method="GET",route="unmatched",status="404"}'),
      1,
    );
    assert.equal(s.get('hewston_http_request_duration_seconds_bucket{le="+Inf"}'), 3);
    assert.equal(s.get("hewston_http_request_duration_seconds_count"), 3);
    // Buckets are cumulative and never decrease.
    const buckets = [...s].filter(([k]) =>
      k.startsWith("hewston_http_request_duration_seconds_bucket")
    )
      .map(([, v]) => v);
    assert.equal(buckets.length, 13);
    assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b));
    assert.equal(s.get("hewston_frames_sent_total"), 12);
    assert.equal(s.get("hewston_frames_dropped_total"), 2);
    assert.equal(s.get("hewston_pool_workers"), 1);
    assert.equal(s.get("hewston_pool_queued"), 0);
    assert.equal(s.get("hewston_pool_running"), 0);
    for (
      const [family, type] of [
        ["hewston_runs", "gauge"],
        ["hewston_job_duration_seconds", "summary"],
        ["hewston_http_requests_total", "counter"],
        ["hewston_http_request_duration_seconds", "histogram"],
        ["hewston_frames_sent_total", "counter"],
        ["hewston_frames_dropped_total", "counter"],
        ["hewston_pool_workers", "gauge"],
        ["hewston_pool_queued", "gauge"],
      ]
    ) assert.ok(text.includes(`\n# TYPE ${family} ${type}\n`), family);
  } finally {
    t.close();
  }
});

Deno.test("GET /metrics job durations stay bounded: count and sum of all jobs, quantiles of the last 1024", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    // 3,000 finished runs of 0 ms, 1 ms, … 2,999 ms (a long-lived server's history).
    for (let ms = 0; ms < 3000; ms++) t.deps.service.durations.record("backtest", ms);
    assert.equal(t.deps.service.durations.retained, RECENT_JOBS);
    const s = parseExposition(await (await app.request("/metrics")).text());
    assert.equal(s.get('hewston_job_duration_seconds_count{kind="backtest"}'), 3000);
    assert.equal(s.get('hewston_job_duration_seconds_sum{kind="backtest"}'), 4498.5);
    // The median of the last 1,024 runs (1,976 … 2,999 ms), not of all 3,000.
    assert.equal(s.get('hewston_job_duration_seconds{kind="backtest",quantile="0.5"}'), 2.487);
    assert.equal(s.get('hewston_job_duration_seconds{kind="backtest",quantile="0.99"}'), 2.989);
  } finally {
    t.close();
  }
});
