import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import type { FeatureCache, Series } from "../types.ts";
import { createFeatureCache } from "../indicators/feature_cache.ts";
import { computeIndicator } from "../indicators/registry.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";
import { riskFeatures, targetWeights } from "./target_weights.ts";

/** A cache serving fixed series by `name/window`, recording what was asked. */
function stubCache(series: Record<string, number[]>): FeatureCache & { asked: string[] } {
  const n = Object.values(series)[0]?.length ?? 7;
  const asked: string[] = [];
  return {
    bars: barsFromCloses(Array.from({ length: n }, (_, i) => 100 + i)),
    asked,
    get(name: string, params: Record<string, number>): Series {
      const key = `${name}/${params.window}`;
      asked.push(key);
      const s = series[key];
      if (s === undefined) throw new Error(`unexpected feature ${key}`);
      return Float64Array.from(s);
    },
  };
}

Deno.test("targetWeights() with fixed_fraction scales the signal's sign by the fraction", () => {
  const cache = stubCache({});
  const w = targetWeights(new Int8Array([1, 0, -1, 1, 0, 0, -1]), cache, {
    model: "fixed_fraction",
    fraction: 0.1,
  }, 1);
  assert.deepEqual([...w], [0.1, 0, -0.1, 0.1, 0, 0, -0.1]);
  assert.deepEqual(cache.asked, []);
});

Deno.test("targetWeights() with volatility_target divides by annualised vol and caps leverage", () => {
  // barsPerYear 256 → ×16. Per-bar vol 1/64, 1/32, 0, 1/256, 1/16 → σ 0.25, 0.5, 0, 0.0625, 1.
  // target 0.25: leverage 1, 0.5, (σ = 0 → 0), 4 → capped 1.5, 0.25 (signal 0 → 0).
  const cache = stubCache({
    "rolling_volatility/3": [NaN, NaN, 1 / 64, 1 / 32, 0, 1 / 256, 1 / 16],
  });
  const w = targetWeights(new Int8Array([1, 1, 1, -1, 1, -1, 0]), cache, {
    model: "volatility_target",
    target_vol: 0.25,
    lookback: 3,
    max_leverage: 1.5,
  }, 256);
  assert.deepEqual([...w], [0, 0, 1, -0.5, 0, -1.5, 0]);
  assert.deepEqual(cache.asked, ["rolling_volatility/3"]);
});

Deno.test("targetWeights() with kelly_fraction bets fraction × edge / variance on the signal's side", () => {
  // fraction 0.5, cap 2. std 0.125 → var 1/64; 0.25 → 1/16.
  // t1 long, μ 1/256: 0.5·(1/256)/(1/64) = 0.125. t2 short, μ 1/256: edge −1/256 → 0.
  // t3 short, μ −1/128: edge 1/128 → 0.5·(1/128)/(1/16) = 0.0625 → −0.0625. t4 var 0 → 0.
  // t5 long, μ 1/8: 0.5·8 = 4 → capped 2. t6 long, μ −1/256 → 0.
  const cache = stubCache({
    "returns_mean/4": [NaN, 1 / 256, 1 / 256, -1 / 128, 1 / 256, 1 / 8, -1 / 256],
    "returns_std/4": [NaN, 0.125, 0.125, 0.25, 0, 0.125, 0.125],
  });
  const w = targetWeights(new Int8Array([1, 1, -1, -1, 1, 1, 1]), cache, {
    model: "kelly_fraction",
    fraction: 0.5,
    lookback: 4,
    max_leverage: 2,
  }, 1);
  assert.deepEqual([...w], [0, 0.125, 0, -0.0625, 0, 2, 0]);
  assert.deepEqual(cache.asked, ["returns_mean/4", "returns_std/4"]);
});

Deno.test("targetWeights() never returns NaN or -0 when features are missing", () => {
  const cache = stubCache({
    "returns_mean/5": [NaN, NaN, 0.01, NaN, 0, 0.01, NaN],
    "returns_std/5": [NaN, 0.1, NaN, NaN, 0.1, Infinity, 0.1],
  });
  const w = targetWeights(new Int8Array([-1, -1, -1, -1, -1, -1, -1]), cache, {
    model: "kelly_fraction",
    fraction: 1,
    lookback: 5,
    max_leverage: 1,
  }, 1);
  for (const v of w) assert.ok(Object.is(v, 0), `got ${v}`);
});

Deno.test("targetWeights() on a real cache uses the shifted volatility of its lookback", () => {
  const bars = randomBars(300, 41);
  const signal = new Int8Array(300).map((_, i) => (i % 3) - 1);
  const w = targetWeights(signal, createFeatureCache(bars), {
    model: "volatility_target",
    target_vol: 0.2,
    lookback: 30,
    max_leverage: 3,
  }, 98_280);
  const vol = computeIndicator("rolling_volatility", bars, { window: 30 });
  for (let t = 0; t < 300; t++) {
    const expected = Number.isNaN(vol[t]) || signal[t] === 0
      ? 0
      : signal[t] * Math.min(3, 0.2 / (vol[t] * Math.sqrt(98_280)));
    assert.ok(Object.is(w[t], expected), `t=${t}: ${w[t]} vs ${expected}`);
  }
  assert.ok(w.slice(0, 31).every((v) => v === 0));
  assert.ok(w.some((v) => v !== 0));
});

Deno.test("targetWeights() refuses a short signal, a bad barsPerYear and an out-of-bounds config", () => {
  const cache = stubCache({});
  const signal = new Int8Array(7);
  const fixed = { model: "fixed_fraction", fraction: 1 } as const;
  assert.throws(() => targetWeights(new Int8Array(3), cache, fixed, 1), {
    message: "risk: signal has 3 values for 7 bars",
  });
  for (const bad of [0, -1, NaN, Infinity]) {
    assert.throws(() => targetWeights(signal, cache, fixed, bad), ValidationError);
  }
  assert.throws(() => targetWeights(signal, cache, { model: "fixed_fraction", fraction: 50 }, 1), {
    message: "risk fixed_fraction params: fraction: must be a number in (0, 10] (got 50)",
  });
});

Deno.test("riskFeatures() lists what each model reads", () => {
  assert.deepEqual(riskFeatures({ model: "fixed_fraction", fraction: 1 }), []);
  assert.deepEqual(
    riskFeatures({ model: "volatility_target", target_vol: 0.1, lookback: 9, max_leverage: 1 }),
    [{ name: "rolling_volatility", params: { window: 9 } }],
  );
  assert.deepEqual(
    riskFeatures({ model: "kelly_fraction", fraction: 0.5, lookback: 9, max_leverage: 1 }),
    [
      { name: "returns_mean", params: { window: 9 } },
      { name: "returns_std", params: { window: 9 } },
    ],
  );
});

Deno.test("targetWeights() overwrites every value of a given array with the fresh result", () => {
  const bars = randomBars(600, 77);
  const cache = createFeatureCache(bars);
  const signal = new Int8Array(600);
  for (let t = 0; t < 600; t++) signal[t] = [1, 0, -1, 1, 1, 0, -1, -1][t % 8];
  // Bytes beyond ±1 count by their sign only.
  signal[5] = 3;
  signal[6] = -128;
  const configs = [
    { model: "fixed_fraction", fraction: 0.7 },
    { model: "volatility_target", target_vol: 0.2, lookback: 9, max_leverage: 3 },
    { model: "kelly_fraction", fraction: 0.5, lookback: 20, max_leverage: 2 },
  ] as const;
  for (const risk of configs) {
    const fresh = targetWeights(signal, cache, risk, 98_280);
    const out = new Float64Array(600).fill(NaN);
    assert.equal(targetWeights(signal, cache, risk, 98_280, out), out);
    for (let t = 0; t < 600; t++) assert.ok(Object.is(out[t], fresh[t]), `${risk.model} [${t}]`);
  }
  assert.equal(targetWeights(signal, cache, configs[0], 98_280)[5], 0.7);
  assert.equal(targetWeights(signal, cache, configs[0], 98_280)[6], -0.7);
  assert.throws(() => targetWeights(signal, cache, configs[0], 98_280, new Float64Array(5)), {
    message: "risk: weights array has 5 rows for 600 bars",
  });
});
