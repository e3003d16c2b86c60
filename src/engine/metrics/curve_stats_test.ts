/**
 * @module
 * `CurveStats` and the metrics built on it against the stand-alone functions they replace in
 * the hot path (`returnStats`, `drawdownStats` and plain sums), bit for bit, on seeded curves
 * with flat stretches, ruin (equity ≤ 0) and non-finite values, fed whole, in random chunks
 * and bar by bar.
 */

import assert from "node:assert/strict";
import { allocBars } from "../../domain/bars.ts";
import type { SimulationResult } from "../types.ts";
import { Prng } from "../testing/bar_fixtures.ts";
import { addBar, CurveStats } from "./curve_stats.ts";
import { computeMetrics } from "./compute_metrics.ts";
import { drawdownStats } from "./drawdown_stats.ts";
import { returnStats } from "./return_stats.ts";
import { tradeStats } from "./trade_stats.ts";
import type { Metrics } from "./types.ts";

const CASH = 10_000;
const YEAR = 98_280;

/** A random walk of equity with flat stretches, held stretches and (optionally) oddities. */
function curve(
  seed: number,
  n: number,
  odd: boolean,
): { equity: Float64Array; position: Float64Array } {
  const rng = new Prng(seed);
  const equity = new Float64Array(n);
  const position = new Float64Array(n);
  let e = CASH;
  let held = false;
  for (let t = 0; t < n; t++) {
    if (rng.next() < 0.05) held = !held;
    if (held) e *= 1 + (rng.next() - 0.52) * 0.02;
    equity[t] = e;
    position[t] = held ? 1 + Math.floor(rng.next() * 5) : 0;
    if (odd) {
      const u = rng.next();
      if (u < 0.01) equity[t] = NaN;
      else if (u < 0.015) equity[t] = Infinity;
      else if (u < 0.02) equity[t] = 0;
      else if (u < 0.025) equity[t] = -e;
    }
  }
  return { equity, position };
}

function reference(equity: Float64Array, position: Float64Array, ts: Float64Array) {
  let equitySum = 0;
  let exposed = 0;
  for (let t = 0; t < equity.length; t++) {
    equitySum += equity[t];
    if (position[t] !== 0) exposed++;
  }
  return {
    ret: returnStats(equity, CASH, YEAR),
    dd: drawdownStats(equity, ts, CASH),
    equitySum,
    exposed,
  };
}

Deno.test("CurveStats gives the bits of returnStats, drawdownStats and plain sums however fed", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const n = 1 + (seed * 37) % 900;
    const { equity, position } = curve(seed, n, false);
    const ts = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const want = reference(equity, position, ts);

    const whole = new CurveStats(CASH);
    whole.addBars(equity, position, 0, n);
    assert.deepStrictEqual(whole.finish(ts, YEAR), want, `whole, seed ${seed}`);

    const chunks = new CurveStats(CASH);
    const rng = new Prng(seed + 1000);
    for (let t = 0; t < n;) {
      const to = Math.min(n, t + 1 + Math.floor(rng.next() * 60));
      chunks.addBars(equity, position, t, to);
      t = to;
    }
    assert.deepStrictEqual(chunks.finish(ts, YEAR), want, `chunks, seed ${seed}`);

    const single = new CurveStats(CASH);
    for (let t = 0; t < n; t++) addBar(single.state, equity[t], t, position[t] !== 0);
    assert.deepStrictEqual(single.finish(ts, YEAR), want, `bar by bar, seed ${seed}`);
    assert.equal(single.count, n);
  }
});

Deno.test("CurveStats gives nothing but the initial state for no bars", () => {
  const s = new CurveStats(CASH);
  assert.equal(s.startingCash, CASH);
  assert.deepStrictEqual(s.finish(new Float64Array(0), YEAR), {
    ret: { mean: 0, volatility: null, sharpe: null, sortino: null },
    dd: { maxDrawdown: 0, durationBars: 0, durationDays: 0 },
    equitySum: 0,
    exposed: 0,
  });
});

/** computeMetrics as it was before CurveStats: the stand-alone functions and plain loops. */
function referenceMetrics(result: SimulationResult, ts: Float64Array): Metrics {
  const { equity, position } = result.curve;
  const n = equity.length;
  const finalEquity = n > 0 ? equity[n - 1] : CASH;
  const growth = finalEquity / CASH;
  const ret = returnStats(equity, CASH, YEAR);
  const dd = drawdownStats(equity, ts, CASH);
  const tr = tradeStats(result.trades);
  let equitySum = 0;
  let exposed = 0;
  for (let t = 0; t < n; t++) {
    equitySum += equity[t];
    if (position[t] !== 0) exposed++;
  }
  const meanEquity = n > 0 ? equitySum / n : 0;
  const turnover = meanEquity > 0 ? 0 / meanEquity : null;
  const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
  return {
    total_return: growth - 1,
    cagr: n === 0 ? null : growth <= 0 ? -1 : finite(Math.pow(growth, YEAR / n) - 1),
    volatility: finite(ret.volatility),
    sharpe: finite(ret.sharpe),
    sortino: finite(ret.sortino),
    max_drawdown: dd.maxDrawdown,
    max_drawdown_duration_bars: dd.durationBars,
    max_drawdown_duration_days: dd.durationDays,
    hit_rate: tr.hitRate,
    avg_win: tr.avgWin,
    avg_loss: tr.avgLoss,
    avg_win_pct: tr.avgWinPct,
    avg_loss_pct: tr.avgLossPct,
    profit_factor: finite(tr.profitFactor),
    turnover: finite(turnover),
    turnover_annual: turnover === null ? null : finite(turnover * YEAR / n),
    exposure: n > 0 ? exposed / n : 0,
    trades: tr.trades,
    fills: 0,
    fees_paid: 0,
    slippage_paid: 0,
    slippage_share: 0,
    borrow_paid: 0,
    final_equity: finalEquity,
    bars: n,
  };
}

Deno.test("computeMetrics() reports what the stand-alone functions give, even on NaN, ±∞ and ruin", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const n = 2 + (seed * 53) % 700;
    const { equity, position } = curve(seed, n, seed % 2 === 0);
    const bars = allocBars(n);
    for (let i = 0; i < n; i++) bars.ts[i] = i * 60_000;
    const empty = (k: number) => new Float64Array(k);
    const result: SimulationResult = {
      curve: { equity, cash: empty(n), position, drawdown: empty(n) },
      fills: {
        length: 0,
        bar: new Int32Array(0),
        signalBar: new Int32Array(0),
        qty: empty(0),
        refPrice: empty(0),
        price: empty(0),
        slippage: empty(0),
        fee: empty(0),
      },
      trades: {
        length: 0,
        entryBar: new Int32Array(0),
        exitBar: new Int32Array(0),
        side: new Int8Array(0),
        qty: empty(0),
        entryPrice: empty(0),
        exitPrice: empty(0),
        pnl: empty(0),
        returnPct: empty(0),
      },
      skipped: {},
      feesPaid: 0,
      slippagePaid: 0,
      borrowPaid: 0,
    };
    const opts = { initialCash: CASH, barsPerYear: YEAR };
    assert.deepStrictEqual(computeMetrics(bars, result, opts), referenceMetrics(result, bars.ts));
  }
});
