/**
 * @module
 * Hand-computed metrics of tiny equity curves (every number worked out in the comments),
 * the documented edge cases (no trades, zero volatility, one bar, no bars) and one run
 * through the real simulator.
 */

import assert from "node:assert/strict";
import { allocBars, type Bars } from "../../domain/bars.ts";
import type { ExecutionConfig, SimulationResult } from "../types.ts";
import { simulate } from "../execution/simulate.ts";
import { computeMetrics } from "./compute_metrics.ts";

const DAY = 86_400_000;

function near(actual: number, expected: number, tol: number): void {
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

/** Daily bars (ts one day apart), zero prices: only the simulator case sets them. */
function dailyBars(n: number): Bars {
  const bars = allocBars(n);
  for (let i = 0; i < n; i++) bars.ts[i] = 1_704_067_200_000 + i * DAY;
  return bars;
}

/** A result with the given curve, fills and trades; the rest is zero. */
function result(parts: {
  equity: number[];
  position: number[];
  fills?: { qty: number[]; price: number[] };
  pnl?: number[];
  returnPct?: number[];
  fees?: number;
  slippage?: number;
  borrow?: number;
}): SimulationResult {
  const n = parts.equity.length;
  const k = parts.fills?.qty.length ?? 0;
  const m = parts.pnl?.length ?? 0;
  return {
    curve: {
      equity: new Float64Array(parts.equity),
      cash: new Float64Array(n),
      position: new Float64Array(parts.position),
      drawdown: new Float64Array(n),
    },
    fills: {
      length: k,
      bar: new Int32Array(k),
      signalBar: new Int32Array(k),
      qty: new Float64Array(parts.fills?.qty ?? []),
      refPrice: new Float64Array(k),
      price: new Float64Array(parts.fills?.price ?? []),
      slippage: new Float64Array(k),
      fee: new Float64Array(k),
    },
    trades: {
      length: m,
      entryBar: new Int32Array(m),
      exitBar: new Int32Array(m),
      side: new Int8Array(m),
      qty: new Float64Array(m),
      entryPrice: new Float64Array(m),
      exitPrice: new Float64Array(m),
      pnl: new Float64Array(parts.pnl ?? []),
      returnPct: new Float64Array(parts.returnPct ?? []),
    },
    skipped: {},
    feesPaid: parts.fees ?? 0,
    slippagePaid: parts.slippage ?? 0,
    borrowPaid: parts.borrow ?? 0,
  };
}

Deno.test("computeMetrics() matches a hand-computed four-bar curve", () => {
  // Initial 100; returns +10 %, −10 %, +10 %, +10 % → equity 110, 99, 108.9, 119.79.
  const r = result({
    equity: [110, 99, 108.9, 119.79],
    position: [1, 1, 0, 2],
    fills: { qty: [1, -1, 2], price: [100, 110, 50] },
    pnl: [30, -10, 10, -5],
    returnPct: [0.3, -0.1, 0.1, -0.05],
    fees: 3,
    slippage: 1,
    borrow: 0.5,
  });
  // barsPerYear 4, so one bar is a quarter and √barsPerYear = 2.
  const m = computeMetrics(dailyBars(4), r, { initialCash: 100, barsPerYear: 4 });
  // total return 119.79 / 100 − 1 = 0.1979; CAGR (1.1979)^(4/4) − 1 = 0.1979.
  near(m.total_return, 0.1979, 1e-12);
  near(m.cagr!, 0.1979, 1e-12);
  // mean 0.05; deviations 0.05, −0.15, 0.05, 0.05 → Σ² 0.03, sample var 0.01, std 0.1.
  // volatility 0.1 × 2 = 0.2; Sharpe 0.05 / 0.1 × 2 = 1.
  near(m.volatility!, 0.2, 1e-12);
  near(m.sharpe!, 1, 1e-12);
  // downside: Σ min(r, 0)² = 0.01 over 4 bars → √0.0025 = 0.05; Sortino 0.05 / 0.05 × 2 = 2.
  near(m.sortino!, 2, 1e-12);
  // Peak 110 at bar 0; 99 → 1 − 99/110 = 0.1; bars 1 and 2 under water, recovered at bar 3:
  // 2 bars, and 3 days from the peak bar (0) to the recovery bar (3).
  near(m.max_drawdown, 0.1, 1e-12);
  assert.equal(m.max_drawdown_duration_bars, 2);
  assert.equal(m.max_drawdown_duration_days, 3);
  // Trades: wins 30, 10; losses −10, −5 → hit 0.5, avg win 20, avg loss −7.5,
  // avg win % 0.2, avg loss % −0.075, profit factor 40 / 15.
  assert.equal(m.trades, 4);
  assert.equal(m.hit_rate, 0.5);
  assert.equal(m.avg_win, 20);
  assert.equal(m.avg_loss, -7.5);
  near(m.avg_win_pct!, 0.2, 1e-15);
  near(m.avg_loss_pct!, -0.075, 1e-15);
  near(m.profit_factor!, 40 / 15, 1e-15);
  // Traded notional 100 + 110 + 100 = 310; mean equity 437.69 / 4 = 109.4225.
  near(m.turnover!, 310 / 109.4225, 1e-12);
  near(m.turnover_annual!, 310 / 109.4225, 1e-12); // × 4 / 4
  // Positions 1, 1, 0, 2 → 3 of 4 bars exposed.
  assert.equal(m.exposure, 0.75);
  assert.equal(m.fills, 3);
  assert.equal(m.fees_paid, 3);
  assert.equal(m.slippage_paid, 1);
  assert.equal(m.slippage_share, 0.25);
  assert.equal(m.borrow_paid, 0.5);
  assert.equal(m.final_equity, 119.79);
  assert.equal(m.bars, 4);
});

Deno.test("computeMetrics() dates drawdown spells from the initial cash to the last bar", () => {
  // Bar 0 is already below the initial 100: the peak is the initial cash, dated at bar 0.
  const r = result({ equity: [95, 90, 120, 100, 96], position: [0, 0, 0, 0, 0] });
  const m = computeMetrics(dailyBars(5), r, { initialCash: 100, barsPerYear: 252 });
  // First spell: bars 0–1 (2 bars). Second: 100, 96 below the 120 peak of bar 2 → bars 3–4,
  // also 2 bars; the first longest wins: peak bar 0 → recovery bar 2 = 2 days.
  // Max drawdown max(1 − 90/100, 1 − 96/120) = max(0.1, 0.2) = 0.2.
  near(m.max_drawdown, 0.2, 1e-15);
  assert.equal(m.max_drawdown_duration_bars, 2);
  assert.equal(m.max_drawdown_duration_days, 2);
  const m2 = computeMetrics(
    dailyBars(5),
    result({ equity: [100, 120, 110, 105, 100], position: [0, 0, 0, 0, 0] }),
    { initialCash: 100, barsPerYear: 252 },
  );
  // Under water from bar 2 to the end: 3 bars, peak bar 1 → last bar 4 = 3 days.
  assert.equal(m2.max_drawdown_duration_bars, 3);
  assert.equal(m2.max_drawdown_duration_days, 3);
});

Deno.test("computeMetrics() reports null for undefined ratios", async (t) => {
  const opts = { initialCash: 100, barsPerYear: 98_000 };
  await t.step("no trades and a flat curve", () => {
    const m = computeMetrics(
      dailyBars(3),
      result({ equity: [100, 100, 100], position: [0, 0, 0] }),
      opts,
    );
    assert.equal(m.total_return, 0);
    assert.equal(m.cagr, 0);
    assert.equal(m.volatility, 0);
    assert.equal(m.sharpe, null); // std 0
    assert.equal(m.sortino, null); // no losing bar
    assert.equal(m.hit_rate, null);
    assert.equal(m.avg_win, null);
    assert.equal(m.avg_loss, null);
    assert.equal(m.profit_factor, null);
    assert.equal(m.turnover, 0);
    assert.equal(m.exposure, 0);
    assert.equal(m.slippage_share, 0);
    assert.equal(m.max_drawdown, 0);
    assert.equal(m.max_drawdown_duration_bars, 0);
  });
  await t.step("only winning trades", () => {
    const r = result({ equity: [100, 101], position: [0, 0], pnl: [1], returnPct: [0.01] });
    const m = computeMetrics(dailyBars(2), r, opts);
    assert.equal(m.hit_rate, 1);
    assert.equal(m.profit_factor, null);
    assert.equal(m.avg_loss, null);
  });
  await t.step("one bar", () => {
    const m = computeMetrics(dailyBars(1), result({ equity: [101], position: [1] }), opts);
    near(m.total_return, 0.01, 1e-15);
    assert.equal(m.volatility, null);
    assert.equal(m.sharpe, null);
    assert.equal(m.sortino, null);
    assert.equal(m.cagr, null); // 1.01^98,000 overflows
    assert.equal(m.exposure, 1);
  });
  await t.step("no bars", () => {
    const m = computeMetrics(dailyBars(0), result({ equity: [], position: [] }), opts);
    assert.equal(m.bars, 0);
    assert.equal(m.final_equity, 100);
    assert.equal(m.total_return, 0);
    assert.equal(m.cagr, null);
    assert.equal(m.turnover, null);
    assert.equal(m.exposure, 0);
  });
  await t.step("a ruined account", () => {
    const m = computeMetrics(
      dailyBars(3),
      result({ equity: [50, -10, -5], position: [1, 1, 1] }),
      opts,
    );
    assert.equal(m.cagr, -1);
    assert.equal(m.total_return, -1.05);
    near(m.max_drawdown, 1.1, 1e-15); // 1 − (−10 / 100)
  });
});

Deno.test("computeMetrics() summarises a simulated round trip", () => {
  // The first simulate() case: buy 50 at 101.1, sell at 104.9, fees 10.3, slippage 10.
  const bars = dailyBars(5);
  bars.open.set([100, 101, 103, 105, 107]);
  bars.close.set([100, 102, 104, 106, 108]);
  bars.volume.fill(1_000_000);
  bars.spreadMean.set([0.6, 0.2, 0.4, 0.2, 0.2]);
  const opts = { initialCash: 10_000, barsPerYear: 100 };
  const cfg: ExecutionConfig = {
    fill_price: "open",
    fees_bps: 10,
    slippage: { model: "k_spread", k: 0.5 },
    borrow_bps: 0,
    auto_flatten: false,
    allow_short: false,
  };
  const r = simulate(bars, new Float64Array([0.5, 0.5, 0, 0, 0]), cfg, opts);
  const m = computeMetrics(bars, r, opts);
  near(m.total_return, 0.01797, 1e-12); // 10,179.7 / 10,000 − 1
  assert.equal(m.trades, 1);
  assert.equal(m.hit_rate, 1);
  near(m.avg_win!, 179.7, 1e-9);
  assert.equal(m.exposure, 0.4); // bars 1 and 2 hold 50
  near(m.slippage_share, 10 / 20.3, 1e-15);
  // Notional 5,055 + 5,245 = 10,300 over mean equity (10,000 + 10,039.945 + 10,139.945
  // + 2 × 10,179.7) / 5 = 10,107.858.
  near(m.turnover!, 10_300 / 10_107.858, 1e-9);
  assert.equal(m.max_drawdown, 0);
});
