/**
 * @module
 * Tests of joining window simulations: curves back to back, drawdown across windows, fill and
 * trade bar indices on the joined timeline, totals summed.
 */
import assert from "node:assert/strict";
import { simulate } from "../execution/mod.ts";
import { barsFromCloses } from "../testing/bar_fixtures.ts";
import type { ExecutionConfig } from "../types.ts";
import { stitchWindows } from "./stitch_windows.ts";

const EXEC: ExecutionConfig = {
  fill_price: "open",
  fees_bps: 10,
  slippage: { model: "none" },
  borrow_bps: 0,
  auto_flatten: true,
  allow_short: false,
};

Deno.test("stitchWindows() joins two windows with equity carried from the first", () => {
  // Window 1: buy at 10 (bar 1), flatten at 12 (bar 2). Window 2 starts with that equity.
  const a = simulate(barsFromCloses([10, 10, 12]), new Float64Array([1, 1, 1]), EXEC, {
    initialCash: 100,
    barsPerYear: 1,
  });
  const carried = a.curve.equity[2];
  const b = simulate(barsFromCloses([12, 12, 9, 9]), new Float64Array([1, 1, 1, 1]), EXEC, {
    initialCash: carried,
    barsPerYear: 1,
  });
  const s = stitchWindows([a, b], 100);
  assert.deepEqual(Array.from(s.curve.equity), [...a.curve.equity, ...b.curve.equity]);
  assert.deepEqual(Array.from(s.curve.cash), [...a.curve.cash, ...b.curve.cash]);
  assert.equal(s.curve.cash[3], carried);
  // 9 units at 10 (cash-capped) then 12; then 9 units at 12, marked and sold at 9.
  const expected = [100, 99.91, 117.802, 117.802, 117.694, 90.694, 90.613];
  s.curve.equity.forEach((e, t) => assert.ok(Math.abs(e - expected[t]) < 1e-9, `bar ${t}: ${e}`));
  let peak = 100;
  s.curve.equity.forEach((e, t) => {
    peak = Math.max(peak, e);
    assert.equal(s.curve.drawdown[t], e / peak - 1);
  });
  assert.deepEqual(Array.from(s.fills.bar), [1, 2, 4, 6]);
  assert.deepEqual(Array.from(s.fills.signalBar), [0, 2, 3, 6]);
  assert.deepEqual(Array.from(s.trades.entryBar), [1, 4]);
  assert.deepEqual(Array.from(s.trades.exitBar), [2, 6]);
  assert.deepEqual(Array.from(s.trades.side), [1, 1]);
  assert.deepEqual(Array.from(s.trades.pnl), [...a.trades.pnl, ...b.trades.pnl]);
  assert.equal(s.feesPaid, a.feesPaid + b.feesPaid);
  assert.equal(s.fills.length, 4);
  assert.equal(s.trades.length, 2);
  assert.equal(s.skipped.cash_short_resized, 1);
});
