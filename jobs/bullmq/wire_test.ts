import assert from "node:assert/strict";
import { HewstonError } from "../../src/domain/errors.ts";
import type { SweepRow } from "../../src/engine/sweep/mod.ts";
import { decodeRows, encodeRows, failureError, failureReason, parseRedisUrl } from "./wire.ts";

Deno.test("a redis URL gives host, port, password and db; the password may be URL-encoded", () => {
  assert.deepEqual(parseRedisUrl("redis://10.0.0.5"), { host: "10.0.0.5", port: 6379 });
  assert.deepEqual(parseRedisUrl("redis://:s%40cret@h:7000/2"), {
    host: "h",
    port: 7000,
    password: "s@cret",
    db: 2,
  });
  assert.deepEqual(parseRedisUrl("redis://[::1]:6380"), { host: "::1", port: 6380 });
});

Deno.test("a URL of another scheme or a bad db is refused with one line", () => {
  assert.throws(() => parseRedisUrl("http://h:1"), /--queue must be redis:\/\//);
  assert.throws(() => parseRedisUrl("nonsense"), /--queue must be redis:\/\//);
  assert.throws(() => parseRedisUrl("redis://h/x"), /database must be a number/);
});

Deno.test("rows survive the wire bit for bit: typed arrays, NaN, -0 and nulls", () => {
  const rows = [{
    member: 3,
    params: { fast: 5 },
    metrics: { sharpe: null, total_return: -0, cagr: NaN },
    blocks: { sum: new Float64Array([0.1, -0]), sumSq: new Float64Array([1e-300, 2]) },
  }] as unknown as SweepRow[];
  const back = decodeRows(encodeRows(rows));
  assert.deepEqual(back, rows);
  assert.ok(back[0].blocks!.sum instanceof Float64Array);
  assert.ok(Object.is(back[0].blocks!.sum[1], -0));
});

Deno.test("an error crosses as CODE: message and comes back with its code", () => {
  const e = failureError(failureReason(new HewstonError("VERSION_MISMATCH", "other code")));
  assert.equal(e.code, "VERSION_MISMATCH");
  assert.equal(e.message, "other code");
  assert.equal(failureError(failureReason(new Error("boom\nstack"))).code, "INTERNAL");
  assert.equal(failureError(failureReason(new Error("boom\nstack"))).message, "boom");
});
