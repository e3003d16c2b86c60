/**
 * @module
 * The simulator's options for repeated runs and its statistics feed: reused curve arrays and
 * ledgers give the results of fresh ones (and the fills and trades stay the run's own), and
 * the `CurveStats` it feeds gives `computeMetrics` the same metrics as reading the curve, for
 * every fill price, slippage model and short/flatten setting, on seeded random bars with
 * zero-volume minutes, NaN spreads, flat stretches and jumpy weights.
 */

import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import type { Bars } from "../../domain/bars.ts";
import type { SimulationResult } from "../types.ts";
import { computeMetrics } from "../metrics/compute_metrics.ts";
import { CurveStats } from "../metrics/curve_stats.ts";
import { SimulationLedger } from "./_account.ts";
import { simulate } from "./simulate.ts";
import { baseConfig, executionConfigs, makeBars, seeded } from "../testing/simulator_bars.ts";

const OPTS = { initialCash: 100_000, barsPerYear: 98_000 };

function randomInputs(seed: number, n: number): { bars: Bars; weights: Float64Array } {
  const rand = seeded(seed);
  const open: number[] = [];
  const close: number[] = [];
  const volume: number[] = [];
  const spread: number[] = [];
  let p = 50 + rand() * 100;
  const weights = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const o = p;
    // Flat minutes (the close repeated) now and then, as derived bars have them.
    if (rand() > 0.1) p = Math.max(1, p * (1 + (rand() - 0.5) * 0.03));
    open.push(o);
    close.push(p);
    volume.push(rand() < 0.05 ? 0 : Math.floor(rand() * 3000));
    spread.push(rand() < 0.05 ? NaN : rand() * 0.1);
    if (rand() < 0.06) {
      const u = rand();
      w = u < 0.1 ? NaN : u < 0.2 ? 1.5 : Math.round((rand() * 2.4 - 1.2) * 4) / 4;
    }
    weights[i] = w;
  }
  return { bars: makeBars({ open, close, volume, spread }), weights };
}

/** Every array and number of a result, for deepStrictEqual (which tells -0 from 0). */
function plain(r: SimulationResult) {
  return {
    curve: Object.fromEntries(Object.entries(r.curve).map(([k, v]) => [k, Array.from(v)])),
    fills: Object.fromEntries(
      Object.entries(r.fills).map(([k, v]) => [k, typeof v === "number" ? v : Array.from(v)]),
    ),
    trades: Object.fromEntries(
      Object.entries(r.trades).map(([k, v]) => [k, typeof v === "number" ? v : Array.from(v)]),
    ),
    skipped: r.skipped,
    costs: [r.feesPaid, r.slippagePaid, r.borrowPaid],
  };
}

Deno.test("simulate() feeds CurveStats so computeMetrics() gives the metrics of the curve", () => {
  const { bars, weights } = randomInputs(7, 900);
  for (const cfg of executionConfigs()) {
    const stats = new CurveStats(OPTS.initialCash);
    const r = simulate(bars, weights, cfg, { ...OPTS, stats });
    assert.equal(stats.count, bars.length);
    assert.deepStrictEqual(
      computeMetrics(bars, r, OPTS, stats.finish(bars.ts, OPTS.barsPerYear)),
      computeMetrics(bars, r, OPTS),
      JSON.stringify(cfg),
    );
  }
});

Deno.test("simulate() gives the same bits with reused curve arrays, ledger and statistics", () => {
  const { bars, weights } = randomInputs(8, 700);
  const ledger = new SimulationLedger();
  const fresh0 = simulate(bars, weights, executionConfigs()[0], OPTS);
  const curve = fresh0.curve;
  let previous: ReturnType<typeof plain> | undefined;
  let previousRun: SimulationResult | undefined;
  for (const cfg of executionConfigs()) {
    const fresh = simulate(bars, weights, cfg, OPTS);
    const want = plain(fresh);
    const reused = simulate(bars, weights, cfg, {
      ...OPTS,
      curve,
      ledger,
      stats: new CurveStats(OPTS.initialCash),
    });
    assert.equal(reused.curve, curve);
    assert.deepStrictEqual(plain(reused), want, JSON.stringify(cfg));
    // The fills and trades of the run before are copies: the ledger's reuse left them alone.
    if (previousRun && previous) {
      assert.deepStrictEqual(plain(previousRun).fills, previous.fills);
      assert.deepStrictEqual(plain(previousRun).trades, previous.trades);
    }
    previousRun = reused;
    previous = plain(reused);
  }
});

Deno.test("simulate() refuses CurveStats that already has bars or starts from other cash", () => {
  const { bars, weights } = randomInputs(9, 50);
  const cfg = baseConfig();
  const used = new CurveStats(OPTS.initialCash);
  simulate(bars, weights, cfg, { ...OPTS, stats: used });
  assert.throws(() => simulate(bars, weights, cfg, { ...OPTS, stats: used }), {
    name: "ValidationError",
    message: "stats has bars already; pass a new CurveStats per simulation",
  });
  assert.throws(
    () => simulate(bars, weights, cfg, { ...OPTS, stats: new CurveStats(5) }),
    (err) =>
      err instanceof ValidationError &&
      err.message === "stats starts from 5 but initialCash is 100000",
  );
});
