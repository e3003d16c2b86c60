/**
 * Specs of the request-context middleware: request ids, the per-request log line, and the
 * HTTP metrics it records.
 */
import assert from "node:assert/strict";
import { newHttpMetrics } from "../deps.ts";
import { putRun, testApp } from "../testing/test_app.ts";
import { createApp } from "../app.ts";
import { observeRequest } from "./request_context.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("requestContext() echoes a sane X-Request-Id and replaces anything else with a UUID", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    const kept = await app.request("/healthz", { headers: { "X-Request-Id": "abc-123.x:y_z" } });
    assert.equal(kept.headers.get("x-request-id"), "abc-123.x:y_z");
    for (const bad of ["has space", "x".repeat(129), 'quo"te', "semi;colon"]) {
      const res = await app.request("/healthz", { headers: { "X-Request-Id": bad } });
      assert.match(res.headers.get("x-request-id")!, UUID, bad);
    }
    const missing = await app.request("/nope");
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get("x-request-id")!, UUID);
  } finally {
    t.close();
  }
});

Deno.test("requestContext() logs one line per request with run id and idempotency key, never headers", async () => {
  const t = await testApp({ token: "s3cret-token" });
  try {
    const app = createApp(t.deps);
    putRun(t.deps, "run0000000000001", "DONE");
    const auth = { Authorization: "Bearer s3cret-token" };
    await app.request("/backtests/run0000000000001/events?after_id=0", {
      headers: { ...auth, "X-Request-Id": "req-1" },
    });
    await app.request("/runs/run0000000000009", {
      headers: { ...auth, "X-Request-Id": "req-2", "Idempotency-Key": "key-42" },
    });
    await app.request("/healthz", { headers: { "X-Request-Id": "req-3" } });
    const lines = t.logs.filter((l) => l.msg === "request");
    assert.equal(lines.length, 3);
    const [a, b, c] = lines;
    assert.deepEqual(Object.keys(a), [
      "level",
      "msg",
      "request_id",
      "method",
      "path",
      "status",
      "duration_ms",
      "run_id",
    ]);
    assert.equal(typeof a.duration_ms, "number");
    assert.ok((a.duration_ms as number) >= 0);
    const { duration_ms: _a, ...aa } = a;
    const { duration_ms: _b, ...bb } = b;
    const { duration_ms: _c, ...cc } = c;
    assert.deepEqual(aa, {
      level: "info",
      msg: "request",
      request_id: "req-1",
      method: "GET",
      path: "/backtests/run0000000000001/events",
      status: 200,
      run_id: "run0000000000001",
    });
    assert.deepEqual(bb, {
      level: "info",
      msg: "request",
      request_id: "req-2",
      method: "GET",
      path: "/runs/run0000000000009",
      status: 404,
      run_id: "run0000000000009",
      idempotency_key: "key-42",
    });
    assert.deepEqual(cc, {
      level: "info",
      msg: "request",
      request_id: "req-3",
      method: "GET",
      path: "/healthz",
      status: 401,
    });
    assert.ok(!JSON.stringify(t.logs).includes("s3cret"), "the token is never logged");
  } finally {
    t.close();
  }
});

Deno.test("requestContext() counts requests by method, route pattern and status", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    putRun(t.deps, "run0000000000001", "DONE");
    await app.request("/backtests/run0000000000001/events");
    await app.request("/runs/run0000000000001/events");
    await app.request("/backtests/other/events");
    await app.request("/healthz");
    await app.request("/nope/at/all");
    await app.request("/healthz", {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:1", "Access-Control-Request-Method": "GET" },
    });
    assert.deepEqual([...t.deps.http.requests.entries()].sort(), [
      ["GET /backtests/:id/events 200", 1],
      ["GET /backtests/:id/events 404", 1],
      ["GET /healthz 200", 1],
      ["GET /runs/:id/events 200", 1],
      ["GET unmatched 404", 1],
      ["OPTIONS * 204", 1],
    ]);
    assert.equal(t.deps.http.total, 6);
    assert.equal(t.deps.http.counts.reduce((s, n) => s + n, 0) <= 6, true);
  } finally {
    t.close();
  }
});

Deno.test("observeRequest() puts each latency in its own bucket and the slow ones in total only", () => {
  const http = newHttpMetrics();
  observeRequest(http, "GET", "/a", 200, 0.0005);
  observeRequest(http, "GET", "/a", 200, 0.003);
  observeRequest(http, "POST", "/a", 202, 7);
  assert.deepEqual(http.counts, [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(http.total, 3);
  assert.equal(http.sum, 7.0035);
  assert.deepEqual([...http.requests], [["GET /a 200", 2], ["POST /a 202", 1]]);
});

Deno.test("requestContext() keeps /metrics labels bounded under made-up methods and paths", async () => {
  const t = await testApp({ token: "s3cret-token-123456" });
  try {
    const app = createApp(t.deps);
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 2000; i++) {
      const method = `M${next().toString(36).toUpperCase()}`;
      const res = await app.request(`/x${next().toString(36)}/${i}`, { method });
      assert.equal(res.status, 401);
      await res.body?.cancel();
    }
    // One series: OTHER × unmatched-or-* × 401, whatever the 2,000 methods and paths were.
    assert.ok(t.deps.http.requests.size <= 2, [...t.deps.http.requests.keys()].join(", "));
    for (const key of t.deps.http.requests.keys()) assert.match(key, /^OTHER \S+ 401$/);
    const metrics = await app.request("/metrics", {
      headers: { Authorization: "Bearer s3cret-token-123456" },
    });
    const text = await metrics.text();
    assert.ok(text.length < 8192, `/metrics is ${text.length} bytes`);
  } finally {
    t.close();
  }
});
