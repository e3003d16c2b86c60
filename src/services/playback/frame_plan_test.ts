import assert from "node:assert/strict";
import { frameMessage } from "../../domain/playback.ts";
import {
  dueAt,
  dueEnd,
  frameJson,
  lowerBound,
  nextTick,
  parseIsoMs,
  snapPosition,
  splitRange,
} from "./frame_plan.ts";
import { syntheticReplay } from "./testing/fakes.ts";

const d = syntheticReplay(100);
const iso = (ms: number) => new Date(ms).toISOString();

Deno.test("snapPosition() snaps an ISO time to the nearest bar, ties to the earlier one", () => {
  assert.deepEqual(snapPosition(d.ts, iso(d.ts[40])), { ok: true, index: 40 });
  assert.deepEqual(snapPosition(d.ts, iso(d.ts[40] + 29_000)), { ok: true, index: 40 });
  assert.deepEqual(snapPosition(d.ts, iso(d.ts[40] + 30_000)), { ok: true, index: 40 });
  assert.deepEqual(snapPosition(d.ts, iso(d.ts[40] + 31_000)), { ok: true, index: 41 });
  assert.deepEqual(snapPosition(d.ts, iso(d.ts[99] + 59_000)), { ok: true, index: 99 });
  assert.deepEqual(snapPosition(d.ts, "2024-01-02T14:30"), { ok: true, index: 0 });
});

Deno.test("snapPosition() takes bar indexes (rounded, also as text) and refuses the outside", () => {
  assert.deepEqual(snapPosition(d.ts, 7), { ok: true, index: 7 });
  assert.deepEqual(snapPosition(d.ts, 7.6), { ok: true, index: 8 });
  assert.deepEqual(snapPosition(d.ts, "12"), { ok: true, index: 12 });
  for (const bad of [-1, 100, Infinity, iso(d.ts[0] - 1), iso(d.ts[99] + 60_000)]) {
    const r = snapPosition(d.ts, bad);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, "RANGE", String(bad));
  }
  const word = snapPosition(d.ts, "yesterday");
  assert.equal(!word.ok && word.code, "BAD_MESSAGE");
  assert.equal(snapPosition(new Float64Array(0), 0).ok, false);
});

Deno.test("parseIsoMs() reads zoned and unzoned (UTC) times and refuses anything else", () => {
  assert.equal(parseIsoMs("2024-01-02T14:30:00Z"), Date.UTC(2024, 0, 2, 14, 30));
  assert.equal(parseIsoMs("2024-01-02T09:30:00-05:00"), Date.UTC(2024, 0, 2, 14, 30));
  assert.equal(parseIsoMs("2024-01-02 14:30"), Date.UTC(2024, 0, 2, 14, 30));
  assert.ok(Number.isNaN(parseIsoMs("1704205800000")));
});

Deno.test("lowerBound() finds the first element at or above a value", () => {
  const a = [1, 3, 3, 5];
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((v) => lowerBound(a, v)), [0, 0, 1, 1, 3, 3, 4]);
});

Deno.test("dueEnd() gives every bar whose time has come: a late caller gets more, never fewer", () => {
  const a = { t0: 1000, c0: 10, rate: 0.06 }; // 60 bars per second
  assert.equal(dueEnd(a, 1000, 100), 10);
  assert.equal(dueEnd(a, 1033.34, 100), 12);
  assert.equal(dueEnd(a, 1500, 100), 40);
  assert.equal(dueEnd(a, 999, 100), 10);
  assert.equal(dueEnd(a, 1e9, 100), 100);
  // The last bar is due exactly at dueAt.
  assert.equal(dueEnd(a, dueAt(a, 100), 100), 100);
  assert.equal(dueEnd(a, dueAt(a, 100) - 1, 100), 99);
});

Deno.test("nextTick() stays on the anchor's grid however late it is asked", () => {
  const step = 1000 / 30;
  assert.equal(nextTick(0, 0, step), step);
  assert.equal(nextTick(0, 40, step), 2 * step);
  assert.equal(nextTick(0, 10 * step + 0.001, step), 11 * step);
  assert.equal(nextTick(100, 100 + 95 * step, step), 100 + 96 * step);
});

Deno.test("splitRange() cuts a range into bounded frames without gaps", () => {
  assert.deepEqual(splitRange(0, 10, 4), [[0, 4], [4, 8], [8, 10]]);
  assert.deepEqual(splitRange(5, 5, 4), []);
});

Deno.test("frameJson() carries the bars, the fills at them and the curve at the last bar", () => {
  const f = frameMessage.parse(JSON.parse(frameJson(d, 8, 21, { seq: 3, dropped: 2 })));
  assert.equal(f.seq, 3);
  assert.equal(f.dropped, 2);
  assert.equal(f.i0, 8);
  assert.equal(f.i1, 21);
  assert.equal(f.ts, iso(d.ts[20]));
  assert.equal(f.ohlc.length, 13);
  assert.deepEqual(f.ohlc[0], [d.ts[8] / 1000, 107.5, 109, 107, 108, 10]);
  assert.deepEqual(f.orders.map((o) => [o.bar, o.side, o.price]), [[10, "sell", 110], [
    20,
    "buy",
    120,
  ]]);
  assert.deepEqual(f.orders[0], {
    bar: 10,
    ts: iso(d.ts[10]),
    side: "sell",
    qty: 1,
    price: 110,
    fee: 0.01,
    slippage: 0.02,
  });
  assert.equal(f.equity, 1020);
  assert.equal(f.position, 0);
  assert.equal(f.seek, undefined);
  const s = frameMessage.parse(JSON.parse(frameJson(d, 5, 6, { seq: 1, dropped: 0, seek: true })));
  assert.equal(s.seek, true);
  assert.equal(s.orders.length, 0);
});

Deno.test("frameJson() writes non-finite values as null", () => {
  const nan = syntheticReplay(3);
  nan.equity[2] = NaN;
  const f = frameMessage.parse(JSON.parse(frameJson(nan, 0, 3, { seq: 1, dropped: 0 })));
  assert.equal(f.equity, null);
});
