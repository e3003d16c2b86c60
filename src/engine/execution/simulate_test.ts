/**
 * @module
 * Hand-computed cases of the execution simulator: every expected number is worked out in
 * the comments from the documented rules (T+1 fills, whole-unit sizing at the decision bar's
 * close, per-unit slippage on the fill bar, fees on the executed price, borrow at the close,
 * cash-short resizing, auto-flatten, flips). Initial cash is 10,000 and barsPerYear 100
 * throughout unless a case says otherwise.
 */

import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { allocBars } from "../../domain/bars.ts";
import { simulate } from "./simulate.ts";
import { baseConfig, makeBars, near, nearAll } from "../testing/simulator_bars.ts";

const OPTS = { initialCash: 10_000, barsPerYear: 100 };
const NO_SKIPS = {
  zero_volume: 0,
  participation_capped: 0,
  cash_short_resized: 0,
  cash_negative: 0,
  nan_spread: 0,
  flatten_zero_volume: 0,
};

Deno.test("simulate() buys and sells at the next open with fees and k_spread slippage", () => {
  // The decision bar's spread (0.6) must not be used: slippage reads the fill bar's (0.2).
  const bars = makeBars({
    open: [100, 101, 103, 105, 107],
    close: [100, 102, 104, 106, 108],
    spread: [0.6, 0.2, 0.4, 0.2, 0.2],
  });
  const weights = new Float64Array([0.5, 0.5, 0, 0, 0]);
  const cfg = baseConfig({ fees_bps: 10, slippage: { model: "k_spread", k: 0.5 } });
  const r = simulate(bars, weights, cfg, OPTS);
  // bar 0: equity 10,000; target floor(0.5 × 10,000 / 100) = 50 → buy 50.
  // bar 1: price 101 + 0.5 × 0.2 = 101.1; cost 5,055; fee 5,055 × 0.001 = 5.055;
  //        cash 10,000 − 5,055 − 5.055 = 4,939.945; equity 4,939.945 + 50 × 102 = 10,039.945.
  // bar 2: equity 4,939.945 + 50 × 104 = 10,139.945; target 0 → sell 50.
  // bar 3: price 105 − 0.1 = 104.9; proceeds 5,245; fee 5.245; cash 10,179.7.
  nearAll(r.curve.equity, [10_000, 10_039.945, 10_139.945, 10_179.7, 10_179.7]);
  nearAll(r.curve.cash, [10_000, 4_939.945, 4_939.945, 10_179.7, 10_179.7]);
  assert.deepEqual(Array.from(r.curve.position), [0, 50, 50, 0, 0]);
  assert.deepEqual(Array.from(r.curve.drawdown), [0, 0, 0, 0, 0]);
  assert.equal(r.fills.length, 2);
  assert.deepEqual(Array.from(r.fills.bar), [1, 3]);
  assert.deepEqual(Array.from(r.fills.signalBar), [0, 2]);
  assert.deepEqual(Array.from(r.fills.qty), [50, -50]);
  assert.deepEqual(Array.from(r.fills.refPrice), [101, 105]);
  nearAll(r.fills.price, [101.1, 104.9]);
  nearAll(r.fills.slippage, [5, 5]); // 50 × 0.1 each side
  nearAll(r.fills.fee, [5.055, 5.245]);
  near(r.feesPaid, 10.3);
  near(r.slippagePaid, 10);
  assert.equal(r.borrowPaid, 0);
  // One round trip: pnl = 50 × (104.9 − 101.1) − 10.3 = 179.7 = final equity − 10,000.
  assert.equal(r.trades.length, 1);
  assert.equal(r.trades.entryBar[0], 1);
  assert.equal(r.trades.exitBar[0], 3);
  assert.equal(r.trades.side[0], 1);
  assert.equal(r.trades.qty[0], 50);
  near(r.trades.entryPrice[0], 101.1);
  near(r.trades.exitPrice[0], 104.9);
  near(r.trades.pnl[0], 179.7);
  near(r.trades.returnPct[0], 179.7 / 5_055); // ≈ 0.0355490
  assert.deepEqual(r.skipped, NO_SKIPS);
});

Deno.test("simulate() fills at the next bar's vwap or close when asked", async (t) => {
  const bars = makeBars({
    open: [100, 101, 103, 105],
    close: [100, 102, 104, 106],
    vwap: [100, 101.5, 103.5, 105.5],
  });
  const weights = new Float64Array([0.5, 0.5, 0, 0]);
  await t.step("vwap", () => {
    const r = simulate(bars, weights, baseConfig({ fill_price: "vwap" }), OPTS);
    // bar 1: buy 50 at 101.5 → cash 4,925; equity 4,925 + 5,100 = 10,025.
    // bar 2: equity 4,925 + 5,200 = 10,125; sell 50. bar 3: at 105.5 → cash 10,200.
    assert.deepEqual(Array.from(r.curve.equity), [10_000, 10_025, 10_125, 10_200]);
    assert.deepEqual(Array.from(r.fills.price), [101.5, 105.5]);
    assert.deepEqual(Array.from(r.fills.refPrice), [101.5, 105.5]);
    assert.equal(r.trades.pnl[0], 200);
  });
  await t.step("close", () => {
    const r = simulate(bars, weights, baseConfig({ fill_price: "close" }), OPTS);
    // bar 1: buy 50 at 102 → cash 4,900; equity 4,900 + 5,100 = 10,000.
    // bar 2: equity 10,100; sell 50. bar 3: at 106 → cash 10,200.
    assert.deepEqual(Array.from(r.curve.equity), [10_000, 10_000, 10_100, 10_200]);
    assert.deepEqual(Array.from(r.curve.cash), [10_000, 4_900, 4_900, 10_200]);
    assert.deepEqual(Array.from(r.fills.price), [102, 106]);
    assert.deepEqual(Array.from(r.fills.bar), [1, 3]);
    assert.equal(r.trades.pnl[0], 200);
  });
});

Deno.test("simulate() charges spread_pct per side on the reference price", () => {
  const bars = makeBars({ open: [100, 100, 110, 110], close: [100, 100, 110, 110] });
  const cfg = baseConfig({ slippage: { model: "spread_pct", pct: 0.1 } });
  const r = simulate(bars, new Float64Array([0.5, 0.5, 0, 0]), cfg, OPTS);
  // bar 1: buy 50 at 100 × 1.001 = 100.1 → cash 4,995; equity 4,995 + 5,000 = 9,995.
  // bar 2: equity 4,995 + 5,500 = 10,495; sell 50.
  // bar 3: at 110 − 0.11 = 109.89 → proceeds 5,494.5; cash 10,489.5.
  nearAll(r.curve.equity, [10_000, 9_995, 10_495, 10_489.5]);
  nearAll(r.fills.price, [100.1, 109.89]);
  nearAll(r.fills.slippage, [5, 5.5]);
  near(r.slippagePaid, 10.5);
  // Drawdown: 9,995 / 10,000 − 1 at bar 1; 10,489.5 / 10,495 − 1 at bar 3.
  nearAll(r.curve.drawdown, [0, -0.0005, 0, 10_489.5 / 10_495 - 1], 1e-15);
  near(r.trades.pnl[0], 489.5); // 50 × (109.89 − 100.1)
});

Deno.test("simulate() skips a zero-volume bar and caps participation", () => {
  const bars = makeBars({
    open: [100, 100, 100, 100, 100, 100],
    close: [100, 100, 100, 100, 100, 100],
    volume: [1000, 0, 40, 1000, 1000, 1000],
  });
  const cfg = baseConfig({
    slippage: { model: "participation_rate", coefficient: 0.1, max_participation: 0.5 },
  });
  const r = simulate(bars, new Float64Array([0.5, 0.5, 0.5, 0, 0, 0]), cfg, OPTS);
  // bar 0: target 50 → buy 50.
  // bar 1: volume 0 → the order is dropped; the target is not settled, so the decision at
  //        bar 1 (equity 10,000) orders 50 again.
  // bar 2: volume 40, cap 0.5 × 40 = 20 units; slippage 100 × 0.1 × 20/40 = 5 per unit;
  //        price 105, cash 10,000 − 2,100 = 7,900; equity 7,900 + 2,000 = 9,900. The target
  //        counts as settled: no top-up later.
  // bar 3: target 0 → sell 20.
  // bar 4: slippage 100 × 0.1 × 20/1000 = 0.2; price 99.8; cash 7,900 + 1,996 = 9,896.
  nearAll(r.curve.equity, [10_000, 10_000, 9_900, 9_900, 9_896, 9_896]);
  assert.deepEqual(Array.from(r.curve.position), [0, 0, 20, 20, 0, 0]);
  assert.deepEqual(Array.from(r.fills.bar), [2, 4]);
  assert.deepEqual(Array.from(r.fills.signalBar), [1, 3]);
  assert.deepEqual(Array.from(r.fills.qty), [20, -20]);
  nearAll(r.fills.price, [105, 99.8]);
  nearAll(r.fills.slippage, [100, 4]);
  near(r.slippagePaid, 104);
  near(r.trades.pnl[0], -104); // 20 × (99.8 − 105)
  near(r.trades.returnPct[0], -104 / 2_100);
  assert.deepEqual(r.skipped, { ...NO_SKIPS, zero_volume: 1, participation_capped: 1 });
});

Deno.test("simulate() accrues borrow on a short at each close", () => {
  const bars = makeBars({ open: [100, 100, 90, 80, 80], close: [100, 100, 90, 80, 80] });
  const cfg = baseConfig({ allow_short: true, borrow_bps: 100 });
  const r = simulate(bars, new Float64Array([-0.5, -0.5, -0.5, 0, 0]), cfg, OPTS);
  // Borrow per bar = |position| × close × 100 / 1e4 / 100 bars = |position| × close × 1e-4.
  // bar 0: target −floor(0.5 × 10,000 / 100) = −50 → sell 50.
  // bar 1: sell 50 at 100 → cash 15,000; borrow 50 × 100 × 1e-4 = 0.5 → cash 14,999.5;
  //        equity 14,999.5 − 5,000 = 9,999.5.
  // bar 2: borrow 0.45 → cash 14,999.05; equity 14,999.05 − 4,500 = 10,499.05.
  // bar 3: borrow 0.40 → cash 14,998.65; equity 10,998.65; target 0 → buy 50.
  // bar 4: buy 50 at 80 → cash 10,998.65; no borrow when flat.
  nearAll(r.curve.cash, [10_000, 14_999.5, 14_999.05, 14_998.65, 10_998.65]);
  nearAll(r.curve.equity, [10_000, 9_999.5, 10_499.05, 10_998.65, 10_998.65]);
  assert.deepEqual(Array.from(r.curve.position), [0, -50, -50, -50, 0]);
  near(r.borrowPaid, 1.35);
  assert.equal(r.trades.side[0], -1);
  assert.equal(r.trades.entryPrice[0], 100);
  assert.equal(r.trades.exitPrice[0], 80);
  near(r.trades.pnl[0], 998.65); // 50 × (100 − 80) − 1.35
  near(r.trades.returnPct[0], 998.65 / 5_000);
});

Deno.test("simulate() shrinks a buy to what cash covers including the fee", () => {
  const bars = makeBars({ open: [100, 100, 100], close: [100, 100, 100] });
  const r = simulate(bars, new Float64Array([1, 1, 1]), baseConfig({ fees_bps: 10 }), OPTS);
  // Target floor(1 × 10,000 / 100) = 100 units cost 10,000 + fee 10 > 10,000 cash.
  // Largest fit: floor(10,000 / (100 × 1.001)) = 99 → 9,900 + 9.9 = 9,909.9; cash 90.1.
  // The target counts as settled, so bar 1's decision (same weight) does not retry.
  assert.deepEqual(Array.from(r.fills.qty), [99]);
  near(r.fills.fee[0], 9.9);
  nearAll(r.curve.cash, [10_000, 90.1, 90.1]);
  nearAll(r.curve.equity, [10_000, 9_990.1, 9_990.1]);
  assert.deepEqual(r.skipped, { ...NO_SKIPS, cash_short_resized: 1 });
});

Deno.test("simulate() solves the participation cost for the largest affordable buy", () => {
  const bars = makeBars({ open: [100, 100, 100], close: [100, 100, 100], volume: [100, 100, 100] });
  const cfg = baseConfig({ slippage: { model: "participation_rate", coefficient: 0.1 } });
  const r = simulate(bars, new Float64Array([1, 1, 1]), cfg, OPTS);
  // 100 units would slip 100 × 0.1 × 100/100 = 10 per unit: 11,000 > 10,000 cash.
  // cost(q) = q × (100 + 0.1 q) ≤ 10,000 → q ≤ 91.6: cost(91) = 91 × 109.1 = 9,928.1,
  // cost(92) = 92 × 109.2 = 10,046.4. So 91 units at 109.1, slippage 91 × 9.1 = 828.1.
  assert.deepEqual(Array.from(r.fills.qty), [91]);
  near(r.fills.price[0], 109.1);
  near(r.fills.slippage[0], 828.1);
  nearAll(r.curve.cash, [10_000, 71.9, 71.9]);
  assert.deepEqual(r.skipped, { ...NO_SKIPS, cash_short_resized: 1 });
});

Deno.test("simulate() auto-flattens at the last close on its own bar", async (t) => {
  const bars = makeBars({
    open: [100, 100, 102, 104],
    close: [100, 101, 103, 105],
    spread: [0.1, 0.2, 0.3, 0.4],
  });
  const weights = new Float64Array([0.5, 0.5, 0.5, 0.5]);
  const slippage = { model: "k_spread", k: 1 } as const;
  await t.step("with autoFlatten", () => {
    const r = simulate(bars, weights, baseConfig({ slippage, auto_flatten: true }), OPTS);
    // bar 1: buy 50 at 100 + 0.2 → cash 10,000 − 5,010 = 4,990; equity 4,990 + 5,050.
    // bar 2: equity 4,990 + 5,150 = 10,140.
    // bar 3: flatten 50 at 105 − 0.4 = 104.6 → cash 4,990 + 5,230 = 10,220.
    nearAll(r.curve.equity, [10_000, 10_040, 10_140, 10_220]);
    assert.deepEqual(Array.from(r.curve.position), [0, 50, 50, 0]);
    assert.deepEqual(Array.from(r.fills.bar), [1, 3]);
    assert.deepEqual(Array.from(r.fills.signalBar), [0, 3]);
    assert.deepEqual(Array.from(r.fills.refPrice), [100, 105]);
    nearAll(r.fills.price, [100.2, 104.6]);
    near(r.trades.pnl[0], 220); // 50 × (104.6 − 100.2)
    assert.equal(r.trades.exitBar[0], 3);
  });
  await t.step("without autoFlatten the position stays open and is no trade", () => {
    const r = simulate(bars, weights, baseConfig({ slippage }), OPTS);
    nearAll(r.curve.equity, [10_000, 10_040, 10_140, 10_240]); // 4,990 + 50 × 105
    assert.equal(r.curve.position[3], 50);
    assert.equal(r.fills.length, 1);
    assert.equal(r.trades.length, 0);
  });
});

Deno.test("simulate() prices a NaN spread as zero slippage and counts it", () => {
  const bars = makeBars({ open: [100, 100, 100], close: [100, 100, 100], spread: [0.2, NaN, 0.2] });
  const cfg = baseConfig({ slippage: { model: "k_spread", k: 1 }, auto_flatten: true });
  const r = simulate(bars, new Float64Array([0.5, 0.5, 0.5]), cfg, OPTS);
  // bar 1: buy 50 at 100 + 0 (NaN spread) → cash 5,000. bar 2: flatten at 100 − 0.2 = 99.8.
  assert.deepEqual(Array.from(r.fills.price), [100, 99.8]);
  near(r.curve.cash[2], 9_990);
  assert.deepEqual(r.skipped, { ...NO_SKIPS, nan_spread: 1 });
});

Deno.test("simulate() auto-flattens on a zero-volume bar at participation 1", () => {
  const bars = makeBars({ open: [100, 100, 100], close: [100, 100, 100], volume: [1000, 1000, 0] });
  const cfg = baseConfig({
    slippage: { model: "participation_rate", coefficient: 0.01 },
    auto_flatten: true,
  });
  const r = simulate(bars, new Float64Array([0.5, 0.5, 0.5]), cfg, OPTS);
  // bar 1: 50 units slip 100 × 0.01 × 50/1000 = 0.05 → 100.05, cash 10,000 − 5,002.5.
  // bar 2: volume 0, so the forced sale is priced at participation 1: 100 × 0.01 = 1 → 99;
  //        cash 4,997.5 + 4,950 = 9,947.5.
  nearAll(r.fills.price, [100.05, 99]);
  nearAll(r.curve.cash, [10_000, 4_997.5, 9_947.5]);
  assert.deepEqual(Array.from(r.curve.position), [0, 50, 0]);
  assert.deepEqual(r.skipped, { ...NO_SKIPS, flatten_zero_volume: 1 });
});

Deno.test("simulate() splits a long-to-short flip into two trades", () => {
  const bars = makeBars({ open: [100, 100, 110, 110, 100], close: [100, 100, 110, 110, 100] });
  const cfg = baseConfig({ fees_bps: 10, allow_short: true, auto_flatten: true });
  const r = simulate(bars, new Float64Array([0.5, 0.5, -0.5, -0.5, -0.5]), cfg, OPTS);
  // bar 1: buy 50 at 100, fee 5 → cash 4,995; equity 9,995.
  // bar 2: equity 4,995 + 5,500 = 10,495; target −floor(0.5 × 10,495 / 110) = −47
  //        (47.70…), order −47 − 50 = −97.
  // bar 3: sell 97 at 110 = 10,670, fee 10.67 → cash 15,654.33; equity 15,654.33 − 5,170.
  // bar 4: auto-flatten: buy 47 at 100 = 4,700, fee 4.7 → cash 10,949.63.
  nearAll(r.curve.equity, [10_000, 9_995, 10_495, 10_484.33, 10_949.63]);
  assert.deepEqual(Array.from(r.curve.position), [0, 50, 50, -47, 0]);
  assert.deepEqual(Array.from(r.fills.qty), [50, -97, 47]);
  nearAll(r.fills.fee, [5, 10.67, 4.7]);
  // The flip fee splits 50/97 → 5.5 to the long and 47/97 → 5.17 to the short.
  // Long: 50 × (110 − 100) − 5 − 5.5 = 489.5. Short: 47 × (110 − 100) − 5.17 − 4.7 = 460.13.
  assert.equal(r.trades.length, 2);
  assert.deepEqual(Array.from(r.trades.side), [1, -1]);
  assert.deepEqual(Array.from(r.trades.entryBar), [1, 3]);
  assert.deepEqual(Array.from(r.trades.exitBar), [3, 4]);
  assert.deepEqual(Array.from(r.trades.qty), [50, 47]);
  assert.deepEqual(Array.from(r.trades.entryPrice), [100, 110]);
  assert.deepEqual(Array.from(r.trades.exitPrice), [110, 100]);
  nearAll(r.trades.pnl, [489.5, 460.13]);
  nearAll(r.trades.returnPct, [489.5 / 5_000, 460.13 / 5_170]);
  near(r.trades.pnl[0] + r.trades.pnl[1], r.curve.equity[4] - OPTS.initialCash);
});

Deno.test("simulate() averages the entry price over adds and closes the trade when flat", () => {
  const bars = makeBars({
    open: [100, 100, 110, 105, 120, 120],
    close: [100, 100, 110, 105, 120, 120],
  });
  const weights = new Float64Array([0.1, 0.05, 0.1, 0, 0, 0]);
  const r = simulate(bars, weights, baseConfig(), OPTS);
  // bar 0: target floor(0.1 × 10,000 / 100) = 10 → buy 10 at 100 (bar 1).
  // bar 1: equity 10,000; target floor(0.05 × 10,000 / 100) = 5 → sell 5 at 110 (bar 2).
  // bar 2: cash 9,000 + 550 = 9,550, equity 9,550 + 5 × 110 = 10,100; target
  //        floor(0.1 × 10,100 / 110) = 9 → buy 4 at 105 (bar 3).
  // bar 3: cash 9,550 − 420 = 9,130; target 0 → sell 9 at 120 (bar 4) → cash 10,210.
  // Entries 10 @ 100 + 4 @ 105 = 14 units, 1,420; exits 5 @ 110 + 9 @ 120 = 1,630.
  assert.deepEqual(Array.from(r.fills.qty), [10, -5, 4, -9]);
  assert.deepEqual(Array.from(r.curve.cash), [10_000, 9_000, 9_550, 9_130, 10_210, 10_210]);
  assert.equal(r.trades.length, 1);
  assert.equal(r.trades.qty[0], 14);
  near(r.trades.entryPrice[0], 1_420 / 14);
  near(r.trades.exitPrice[0], 1_630 / 14);
  assert.equal(r.trades.pnl[0], 210);
  assert.equal(r.trades.entryBar[0], 1);
  assert.equal(r.trades.exitBar[0], 4);
});

Deno.test("simulate() reads NaN weights as flat and negatives as flat when long only", () => {
  const bars = makeBars({ open: [100, 100, 100, 100], close: [100, 100, 100, 100] });
  const r = simulate(bars, new Float64Array([NaN, -0.5, 0.2, NaN]), baseConfig(), OPTS);
  // Only bar 2's 0.2 is a target: buy 20 at bar 3.
  assert.deepEqual(Array.from(r.fills.qty), [20]);
  assert.deepEqual(Array.from(r.fills.signalBar), [2]);
});

Deno.test("simulate() lets a short cover take cash below zero and counts it", () => {
  // A short of 50 at 100 whose price triples: the cover costs more than the cash held.
  const bars = makeBars({ open: [100, 100, 300, 300], close: [100, 100, 300, 300] });
  const cfg = baseConfig({ allow_short: true, fees_bps: 10 });
  const r = simulate(bars, new Float64Array([-0.5, -0.5, 0, 0]), cfg, OPTS);
  // bar 1: sell 50 at 100, fee 5 → cash 14,995. bar 2: equity 14,995 − 15,000 = −5 ≤ 0 →
  // target 0 → buy 50. bar 3: cost 15,000 + fee 15 → cash −20, never shrunk below the cover.
  assert.deepEqual(Array.from(r.fills.qty), [-50, 50]);
  assert.deepEqual(Array.from(r.curve.cash), [10_000, 14_995, 14_995, -20]);
  assert.deepEqual(r.skipped, { ...NO_SKIPS, cash_negative: 1 });
  near(r.trades.pnl[0], -10_020);
});

Deno.test("simulate() writes into a caller's curve arrays when given", () => {
  const bars = makeBars({ open: [100, 101, 103, 105], close: [100, 102, 104, 106] });
  const weights = new Float64Array([0.5, 0.5, 0, 0]);
  const fresh = simulate(bars, weights, baseConfig(), OPTS);
  const curve = {
    equity: new Float64Array(4).fill(7),
    cash: new Float64Array(4).fill(7),
    position: new Float64Array(4).fill(7),
    drawdown: new Float64Array(4).fill(7),
  };
  const reused = simulate(bars, weights, baseConfig(), { ...OPTS, curve });
  assert.equal(reused.curve, curve);
  assert.deepEqual(reused.curve, fresh.curve);
  assert.throws(
    () =>
      simulate(makeBars({ open: [1], close: [1] }), new Float64Array(1), baseConfig(), {
        ...OPTS,
        curve,
      }),
    new ValidationError("curve.equity has 4 rows but bars has 1"),
  );
});

Deno.test("simulate() returns empty columns for zero bars", () => {
  const r = simulate(allocBars(0), new Float64Array(0), baseConfig({ auto_flatten: true }), OPTS);
  assert.equal(r.curve.equity.length, 0);
  assert.equal(r.fills.length, 0);
  assert.equal(r.trades.length, 0);
});

Deno.test("simulate() rejects unusable inputs with one-line messages", async (t) => {
  const bars = makeBars({ open: [100, 100], close: [100, 100] });
  const w = new Float64Array(2);
  const cases: [string, () => unknown, string][] = [
    [
      "misaligned weights",
      () => simulate(bars, new Float64Array(3), baseConfig(), OPTS),
      "weights has 3 rows but bars has 2; they must be aligned",
    ],
    [
      "zero cash",
      () => simulate(bars, w, baseConfig(), { initialCash: 0, barsPerYear: 100 }),
      "initialCash must be a finite number above 0, got 0",
    ],
    [
      "negative fees",
      () => simulate(bars, w, baseConfig({ fees_bps: -1 }), OPTS),
      "feesBps must be a finite number ≥ 0, got -1",
    ],
    [
      "max_participation above 1",
      () =>
        simulate(
          bars,
          w,
          baseConfig({
            slippage: { model: "participation_rate", coefficient: 1, max_participation: 2 },
          }),
          OPTS,
        ),
      "slippage.max_participation must be in (0, 1], got 2",
    ],
    [
      "infinite weight",
      () => simulate(bars, new Float64Array([Infinity, 0]), baseConfig(), OPTS),
      "weights[0] is Infinity; a target weight must be finite",
    ],
    [
      "zero close",
      () => simulate(makeBars({ open: [1, 1], close: [1, 0] }), w, baseConfig(), OPTS),
      "close at bar 1 is 0; prices must be finite and > 0",
    ],
    [
      "NaN fill price",
      () =>
        simulate(
          makeBars({ open: [1, NaN], close: [1, 1] }),
          new Float64Array([1, 1]),
          baseConfig(),
          OPTS,
        ),
      "open at bar 1 is NaN; prices must be finite and > 0",
    ],
  ];
  for (const [name, fn, message] of cases) {
    await t.step(name, () => {
      assert.throws(fn, (err) => {
        assert.ok(err instanceof ValidationError, String(err));
        assert.equal(err.message, message);
        return true;
      });
    });
  }
});
