/**
 * @module
 * Invariants of the execution simulator on seeded random bars and weights, for every fill
 * price, slippage model, short/long-only and auto-flatten setting: accounting identities,
 * non-negative cash when long only, cost totals equal to the fill columns, T+1 fills only,
 * cash and position reconciled fill by fill, trades summing to the run's pnl, and causality
 * (changing future weights never changes the past).
 */

import assert from "node:assert/strict";
import type { Bars } from "../../domain/bars.ts";
import type { ExecutionConfig, SimulationResult } from "../types.ts";
import { computeMetrics } from "../metrics/compute_metrics.ts";
import { simulate } from "./simulate.ts";
import { baseConfig, executionConfigs, makeBars, near, seeded } from "../testing/simulator_bars.ts";

const OPTS = { initialCash: 100_000, barsPerYear: 98_000 };
const N = 600;

/** Random walk bars with some zero-volume minutes and NaN spreads, and jumpy weights. */
function randomInputs(seed: number): { bars: Bars; weights: Float64Array } {
  const rand = seeded(seed);
  const open: number[] = [];
  const close: number[] = [];
  const vwap: number[] = [];
  const volume: number[] = [];
  const spread: number[] = [];
  let p = 50 + rand() * 100;
  const weights = new Float64Array(N);
  let w = 0;
  for (let i = 0; i < N; i++) {
    const o = p;
    p = Math.max(1, p * (1 + (rand() - 0.5) * 0.03));
    open.push(o);
    close.push(p);
    vwap.push((o + p) / 2);
    volume.push(rand() < 0.05 ? 0 : Math.floor(rand() * 3000));
    spread.push(rand() < 0.05 ? NaN : rand() * 0.1);
    if (rand() < 0.08) {
      const u = rand();
      w = u < 0.1 ? NaN : u < 0.2 ? 1.5 : Math.round((rand() * 2.4 - 1.2) * 4) / 4;
    }
    weights[i] = w;
  }
  return { bars: makeBars({ open, close, vwap, volume, spread }), weights };
}

function label(cfg: ExecutionConfig): string {
  const { fill_price: fillPrice, slippage, allow_short: allowShort, auto_flatten: autoFlatten } =
    cfg;
  return `${fillPrice}/${slippage.model}/short=${allowShort}/flatten=${autoFlatten}`;
}

function checkInvariants(bars: Bars, cfg: ExecutionConfig, r: SimulationResult): void {
  const n = bars.length;
  const { equity, cash, position, drawdown } = r.curve;
  const f = r.fills;
  const ref = cfg.fill_price === "open"
    ? bars.open
    : cfg.fill_price === "close"
    ? bars.close
    : bars.vwap;
  let fees = 0;
  let slip = 0;
  for (let i = 0; i < f.length; i++) {
    fees += f.fee[i];
    slip += f.slippage[i];
    const flatten = cfg.auto_flatten && f.bar[i] === n - 1 && f.signalBar[i] === n - 1;
    if (flatten) {
      assert.equal(i, f.length - 1, "auto-flatten is the last fill");
      assert.equal(f.refPrice[i], bars.close[n - 1]);
    } else {
      assert.equal(f.bar[i], f.signalBar[i] + 1, `fill ${i} is T+1`);
      assert.equal(f.refPrice[i], ref[f.bar[i]]);
    }
    assert.ok(f.qty[i] !== 0 && Number.isInteger(f.qty[i]), "whole non-zero quantity");
    if (f.qty[i] > 0) assert.ok(f.price[i] >= f.refPrice[i], "buys pay up");
    else assert.ok(f.price[i] <= f.refPrice[i], "sells receive less");
    assert.ok(f.slippage[i] >= 0 && f.fee[i] >= 0);
    if (i > 0) assert.ok(f.bar[i] > f.bar[i - 1] || flatten, "at most one order per bar");
  }
  assert.equal(fees, r.feesPaid, "Σ fee column = feesPaid");
  assert.equal(slip, r.slippagePaid, "Σ slippage column = slippagePaid");

  let k = 0;
  let prevCash = OPTS.initialCash;
  let prevPos = 0;
  let borrow = 0;
  for (let t = 0; t < n; t++) {
    assert.equal(equity[t], cash[t] + position[t] * bars.close[t], `equity identity at ${t}`);
    assert.ok(drawdown[t] <= 0);
    assert.ok(Number.isInteger(position[t]));
    if (!cfg.allow_short) {
      assert.ok(cash[t] >= 0, `cash ≥ 0 at ${t}`);
      assert.ok(position[t] >= 0);
    }
    let c = prevCash;
    let p = prevPos;
    let shortBeforeFlatten = 0;
    while (k < f.length && f.bar[k] === t) {
      if (f.signalBar[k] === t) shortBeforeFlatten = p < 0 ? -p : 0;
      c -= f.qty[k] * f.price[k] + f.fee[k];
      p += f.qty[k];
      k++;
    }
    const held = shortBeforeFlatten > 0 ? -shortBeforeFlatten : p;
    const b = held < 0 ? -held * bars.close[t] * cfg.borrow_bps / 1e4 / OPTS.barsPerYear : 0;
    borrow += b;
    assert.equal(p, position[t], `position reconciles at ${t}`);
    near(c - b, cash[t], 1e-6, `cash reconciles at ${t}`);
    prevCash = cash[t];
    prevPos = position[t];
  }
  near(borrow, r.borrowPaid, 1e-6, "borrow total");
  if (position[n - 1] === 0) {
    let pnl = 0;
    for (let i = 0; i < r.trades.length; i++) pnl += r.trades.pnl[i];
    near(pnl, equity[n - 1] - OPTS.initialCash, 1e-6, "Σ trade pnl = run pnl");
  }
  for (let i = 0; i < r.trades.length; i++) {
    assert.ok(r.trades.exitBar[i] >= r.trades.entryBar[i]);
    if (i > 0) assert.ok(r.trades.entryBar[i] >= r.trades.exitBar[i - 1]);
  }
}

Deno.test("simulate() keeps its accounting identities on random inputs", async (t) => {
  for (const seed of [1, 2, 3]) {
    const { bars, weights } = randomInputs(seed);
    for (const cfg of executionConfigs()) {
      await t.step(`seed ${seed} ${label(cfg)}`, () => {
        const r = simulate(bars, weights, cfg, OPTS);
        assert.ok(r.fills.length > 10, "the inputs trade");
        checkInvariants(bars, cfg, r);
        const m = computeMetrics(bars, r, OPTS);
        assert.equal(m.max_drawdown, 0 - Math.min(...r.curve.drawdown), "metrics agree");
        assert.equal(m.final_equity, r.curve.equity[N - 1]);
        assert.equal(m.fills, r.fills.length);
      });
    }
  }
});

Deno.test("simulate() is deterministic: the same inputs give identical outputs", () => {
  const { bars, weights } = randomInputs(7);
  const cfg = baseConfig({ allow_short: true, slippage: { model: "k_spread", k: 1 }, fees_bps: 1 });
  assert.deepEqual(simulate(bars, weights, cfg, OPTS), simulate(bars, weights, cfg, OPTS));
});

Deno.test("simulate() never lets a future weight change the past", () => {
  const { bars, weights } = randomInputs(11);
  const cfg = baseConfig({ allow_short: true, fees_bps: 1, borrow_bps: 100 });
  const base = simulate(bars, weights, cfg, OPTS);
  const rand = seeded(99);
  for (const k of [50, 200, 451]) {
    const changed = weights.slice();
    for (let i = k; i < N; i++) changed[i] = Math.round((rand() * 2 - 1) * 4) / 4;
    const r = simulate(bars, changed, cfg, OPTS);
    // The weight at bar k decides an order that fills at k+1: bars 0..k are untouched.
    for (const col of ["equity", "cash", "position", "drawdown"] as const) {
      assert.deepEqual(r.curve[col].subarray(0, k + 1), base.curve[col].subarray(0, k + 1));
    }
    for (let i = 0; i < r.fills.length && r.fills.bar[i] <= k; i++) {
      assert.equal(r.fills.qty[i], base.fills.qty[i]);
      assert.equal(r.fills.price[i], base.fills.price[i]);
    }
  }
});
