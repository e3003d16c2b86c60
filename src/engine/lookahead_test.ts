/**
 * @module
 * The no-look-ahead proof, over whatever is registered: every indicator (with its examples),
 * every strategy (defaults + examples) and every risk model on top of every strategy. On
 * seeded random bars, for several cut points t:
 *  - perturbing every field of every bar from t on leaves outputs at indices ≤ t unchanged;
 *  - perturbing bar t alone leaves outputs at indices ≤ t unchanged (features are shifted, so
 *    bar t first shows at t + 1).
 * Canary strategies that do peek prove the harness catches a leak.
 */
import assert from "node:assert/strict";
import { type Bars, sliceBars } from "../domain/bars.ts";
import type { RiskConfig } from "./types.ts";
import { createFeatureCache } from "./indicators/feature_cache.ts";
import { computeIndicator, getIndicator, listIndicators } from "./indicators/registry.ts";
import { Prng, randomBars } from "./testing/bar_fixtures.ts";
import { computeSignals, getStrategy, listStrategies } from "./strategies/registry.ts";
import { parseRiskConfig, RISK_MODELS } from "./risk/config.ts";
import { targetWeights } from "./risk/target_weights.ts";

const N = 400;
const CUTS = [0, 1, 2, 7, 31, 64, 150, 251, 398, 399];
const BARS_PER_YEAR = 252 * 390;

type Output = ArrayLike<number>;

Deno.test("every registered indicator is blind to bars at and after t", () => {
  const bars = randomBars(N, 101);
  for (const { name } of listIndicators()) {
    for (const params of getIndicator(name).examples) {
      const label = `${name} ${JSON.stringify(params)}`;
      const run = (b: Bars) => computeIndicator(name, b, params);
      assert.equal(findLeak(run, bars), null, label);
      assert.ok(reactsLater(run, bars), `${label}: perturbations never reached the output`);
    }
  }
});

Deno.test("every registered indicator shows bar t first at index t + 1", () => {
  const bars = randomBars(N, 102);
  for (const { name } of listIndicators()) {
    const def = getIndicator(name);
    for (const params of def.examples) {
      const label = `${name} ${JSON.stringify(params)}`;
      const base = computeIndicator(name, bars, params);
      const warmup = def.warmup(def.params.parse(params));
      let moved = 0;
      for (const t of CUTS.filter((c) => c >= warmup && c + 1 < N)) {
        const after = computeIndicator(name, perturb(bars, t, t + 1, t), params);
        assert.ok(Object.is(after[t], base[t]), `${label} t=${t}`);
        // A saturated value (e.g. RSI over one change) may not move, so count, don't demand.
        if (!Object.is(after[t + 1], base[t + 1])) moved++;
      }
      assert.ok(moved > 0, `${label}: changing bar t never moved index t + 1`);
    }
  }
});

Deno.test("every registered strategy's signal[t] ignores bars at and after t", () => {
  const bars = randomBars(N, 103);
  for (const { id } of listStrategies()) {
    for (const params of [{}, ...getStrategy(id).examples]) {
      const label = `${id} ${JSON.stringify(params)}`;
      const run = (b: Bars) => computeSignals(id, createFeatureCache(b), params);
      assert.equal(findLeak(run, bars), null, label);
      assert.ok(reactsLater(run, bars), `${label}: perturbations never reached the signal`);
    }
  }
});

Deno.test("every risk model's weight[t] ignores bars at and after t, for every strategy", () => {
  const bars = randomBars(N, 104);
  const risks: RiskConfig[] = [
    ...RISK_MODELS.map((model) => parseRiskConfig({ model })),
    parseRiskConfig({ model: "fixed_fraction", fraction: 0.3 }),
    parseRiskConfig({ model: "volatility_target", target_vol: 0.05, lookback: 5, max_leverage: 4 }),
    parseRiskConfig({ model: "kelly_fraction", fraction: 1, lookback: 10, max_leverage: 3 }),
  ];
  for (const { id } of listStrategies()) {
    const params = getStrategy(id).examples[0] ?? {};
    for (const risk of risks) {
      const label = `${id} ${JSON.stringify(params)} ${JSON.stringify(risk)}`;
      const run = (b: Bars) => {
        const cache = createFeatureCache(b);
        return targetWeights(computeSignals(id, cache, params), cache, risk, BARS_PER_YEAR);
      };
      assert.equal(findLeak(run, bars), null, label);
      assert.ok(reactsLater(run, bars), `${label}: perturbations never reached the weights`);
    }
  }
});

Deno.test("the look-ahead harness catches code that peeks at the current or next bar", () => {
  const bars = randomBars(N, 105);
  // Reads the close of bar t itself: a same-bar look-ahead.
  const sameBar = (b: Bars) =>
    Int8Array.from(b.close, (c, t) => (t > 0 && c > b.close[t - 1] ? 1 : 0));
  // Reads the shifted SMA one index ahead.
  const nextFeature = (b: Bars) => {
    const sma = createFeatureCache(b).get("sma", { window: 3 });
    return Int8Array.from(sma, (_, t) => (sma[t + 1] > sma[t] ? 1 : 0));
  };
  // An indicator used without the registry's shift.
  const unshifted = (b: Bars) => getIndicator("sma").compute(b, { window: 3, field: "close" });
  assert.match(findLeak(sameBar, bars) ?? "", /^cut \d+/);
  assert.match(findLeak(unshifted, bars) ?? "", /^cut \d+/);
  assert.match(findLeak(nextFeature, bars) ?? "", /^cut \d+/);
});

/**
 * Runs `run` on `bars` and on perturbed copies; returns a description of the first output at
 * an index ≤ t that changed when bars ≥ t (or bar t alone) changed, or null.
 */
function findLeak(run: (bars: Bars) => Output, bars: Bars): string | null {
  const base = run(bars);
  for (const t of CUTS) {
    for (const [from, to, what] of [[t, N, "bars ≥ t"], [t, t + 1, "bar t"]] as const) {
      const out = run(perturb(bars, from, to, 1000 + t));
      for (let i = 0; i <= t; i++) {
        if (!Object.is(out[i], base[i])) {
          return `cut ${t} (${what} perturbed): output[${i}] ${base[i]} became ${out[i]}`;
        }
      }
    }
  }
  return null;
}

/** Whether perturbing bars ≥ t changed some output after t for at least one cut. */
function reactsLater(run: (bars: Bars) => Output, bars: Bars): boolean {
  const base = run(bars);
  return CUTS.some((t) => {
    const out = run(perturb(bars, t, N, 2000 + t));
    for (let i = t + 1; i < N; i++) if (!Object.is(out[i], base[i])) return true;
    return false;
  });
}

/** A copy of `bars` with every field but `ts` of rows [from, to) moved by up to ±5 %. */
function perturb(bars: Bars, from: number, to: number, seed: number): Bars {
  const out = sliceBars(bars, 0, bars.length);
  const rng = new Prng(seed);
  const f = () => 1 + (rng.next() - 0.5) * 0.1;
  for (let i = from; i < to; i++) {
    out.open[i] *= f();
    out.high[i] *= f();
    out.low[i] *= f();
    out.close[i] *= f();
    out.vwap[i] *= f();
    out.volume[i] = out.volume[i] + 1 + Math.floor(rng.next() * 500);
    out.tradeCount[i] = out.tradeCount[i] + 1 + Math.floor(rng.next() * 20);
    out.bidMean[i] *= f();
    out.askMean[i] *= f();
    out.spreadMean[i] *= f();
  }
  return out;
}
