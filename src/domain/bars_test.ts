import assert from "node:assert/strict";
import { allocBars, BAR_COLUMNS, BAR_FIELDS, takeBars } from "./bars.ts";

Deno.test("BAR_FIELDS lists every column of Bars once, in file order", () => {
  const { length: _length, ...columns } = allocBars(0);
  assert.deepEqual(BAR_FIELDS.map((f) => f.key).sort(), Object.keys(columns).sort());
  assert.deepEqual(BAR_COLUMNS, [
    "ts",
    "open",
    "high",
    "low",
    "close",
    "volume",
    "vwap",
    "trade_count",
    "bid_mean",
    "ask_mean",
    "spread_mean",
  ]);
  for (const f of BAR_FIELDS) {
    assert.equal(f.type === "u32", columns[f.key] instanceof Uint32Array, f.column);
    assert.equal(f.importNames.includes(f.column), true, f.column);
  }
});

Deno.test("takeBars() gathers every column of the given rows, in order", () => {
  const bars = allocBars(3);
  for (const { key } of BAR_FIELDS) bars[key].set([1, 2, 3]);
  const out = takeBars(bars, Uint32Array.of(2, 0));
  for (const { key } of BAR_FIELDS) assert.deepEqual([...out[key]], [3, 1], key);
  assert.equal(out.length, 2);
});
