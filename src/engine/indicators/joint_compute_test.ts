/**
 * @module
 * The fast ways to the same series: the two-at-a-time rolling mean, `computeIndicators` and
 * `getMany` (joint passes), arrays handed in to be overwritten (`out`, allocators) and the
 * remembered parameter parses of the feature cache all give exactly the bits of one plain
 * `computeIndicator` per series, on bars with gaps, flat stretches and odd windows.
 */

import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import type { Bars } from "../../domain/bars.ts";
import { rollingMeanInto, rollingMeanPairInto } from "./_rolling.ts";
import { createFeatureCache } from "./feature_cache.ts";
import { Prng, randomBars } from "../testing/bar_fixtures.ts";
import { computeIndicator, computeIndicators, getIndicator, listIndicators } from "./registry.ts";

/** Seeded bars with NaN, infinite and non-positive closes and flat stretches. */
function roughBars(seed: number, n: number): Bars {
  const bars = randomBars(n, seed);
  const rng = new Prng(seed + 1);
  for (let i = 1; i < n; i++) {
    const u = rng.next();
    if (u < 0.01) bars.close[i] = NaN;
    else if (u < 0.012) bars.close[i] = Infinity;
    else if (u < 0.014) bars.close[i] = -1;
    else if (u < 0.2) bars.close[i] = bars.close[i - 1];
    if (rng.next() < 0.005) {
      for (let j = 0; j < 70 && i + 1 < n; j++, i++) bars.close[i + 1] = bars.close[i];
    }
  }
  return bars;
}

function sameBits(a: Float64Array, b: Float64Array, label: string): void {
  assert.equal(a.length, b.length, label);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${label} [${i}]`);
}

Deno.test("rollingMeanPairInto() gives the bits of two rollingMeanInto() calls", () => {
  const rng = new Prng(3);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rng.next() * 500);
    const x = roughBars(trial + 10, n).close;
    const wa = 1 + Math.floor(rng.next() * 40);
    const wb = 1 + Math.floor(rng.next() * 80);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    rollingMeanInto(x, wa, a);
    rollingMeanInto(x, wb, b);
    const pa = new Float64Array(n).fill(7);
    const pb = new Float64Array(n).fill(7);
    rollingMeanPairInto(x, wa, pa, wb, pb);
    sameBits(pa, a, `trial ${trial} window ${wa}`);
    sameBits(pb, b, `trial ${trial} window ${wb}`);
  }
});

Deno.test("rollingMeanPairInto() gives the bits of two rollingMeanInto() calls on cent prices", () => {
  const rng = new Prng(4);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rng.next() * 500);
    const x = roughBars(trial + 10, n).close.map((v) => Math.round(v * 100) / 100);
    // Some series stay all on the grid (the fast path); others get one off-grid value.
    if (trial % 2 === 1) x[Math.floor(rng.next() * n)] += 1e-7;
    const wa = 1 + Math.floor(rng.next() * 40);
    const wb = 1 + Math.floor(rng.next() * 80);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    rollingMeanInto(x, wa, a);
    rollingMeanInto(x, wb, b);
    const pa = new Float64Array(n).fill(7);
    const pb = new Float64Array(n).fill(7);
    rollingMeanPairInto(x, wa, pa, wb, pb);
    sameBits(pa, a, `trial ${trial} window ${wa}`);
    sameBits(pb, b, `trial ${trial} window ${wb}`);
  }
});

Deno.test("rollingMeanInto() is the exact mean of every cent window and the running sum elsewhere", () => {
  const rng = new Prng(5);
  const n = 3_000;
  const cents = Array.from({ length: n }, () => 10_000 + Math.floor(rng.next() * 2_000));
  const x = Float64Array.from(cents, (c) => c / 100);
  x[1_000] = 123.456789; // off the grid: windows containing it keep the running sum
  x[2_000] = NaN; // a gap
  for (const w of [1, 3, 20, 50]) {
    const out = new Float64Array(n);
    rollingMeanInto(x, w, out);
    for (let t = w - 1; t < n; t++) {
      const span = [...x.subarray(t - w + 1, t + 1)];
      if (span.some((v) => Number.isNaN(v))) {
        assert.ok(Number.isNaN(out[t]), `w ${w} t ${t} in a gap`);
      } else if (t - w + 1 <= 1_000 && 1_000 <= t) {
        assert.ok(Math.abs(out[t] - span.reduce((s, v) => s + v, 0) / w) < 1e-9, `w ${w} t ${t}`);
      } else {
        // The correctly rounded mean of the cents: Σcents / (100 · w) in one division.
        const sum = cents.slice(t - w + 1, t + 1).reduce((s, c) => s + c, 0);
        assert.equal(out[t], (sum * 100) / (10_000 * w), `w ${w} t ${t}`);
      }
    }
  }
});

Deno.test("computeIndicators() gives the bits of computeIndicator() for every indicator", () => {
  const bars = roughBars(21, 1_500);
  for (const { name } of listIndicators()) {
    const examples = getIndicator(name).examples;
    const sets = [...examples, ...examples.map((p) => ({ ...p, window: 9 }))];
    const joint = computeIndicators(name, bars, sets);
    sets.forEach((params, i) => {
      sameBits(joint[i], computeIndicator(name, bars, params), `${name} ${JSON.stringify(params)}`);
    });
  }
});

Deno.test("computeIndicator() and computeIndicators() overwrite every value of a given array", () => {
  const bars = roughBars(22, 800);
  for (const { name } of listIndicators()) {
    for (const params of getIndicator(name).examples) {
      const out = new Float64Array(bars.length).fill(123);
      const got = computeIndicator(name, bars, params, out);
      assert.equal(got, out);
      sameBits(got, computeIndicator(name, bars, params), `${name} ${JSON.stringify(params)}`);
    }
  }
  const outs = [new Float64Array(800).fill(-5), new Float64Array(800).fill(9)];
  const joint = computeIndicators("sma", bars, [{ window: 20 }, { window: 50 }], outs);
  assert.equal(joint[0], outs[0]);
  assert.equal(joint[1], outs[1]);
  sameBits(joint[1], computeIndicator("sma", bars, { window: 50 }), "sma 50");
  assert.throws(
    () => computeIndicator("sma", bars, { window: 5 }, new Float64Array(10)),
    (err) =>
      err instanceof ValidationError &&
      err.message === "sma: output array has 10 rows for 800 bars",
  );
});

Deno.test("getMany() computes missing series once, jointly, and answers in request order", () => {
  const bars = roughBars(23, 600);
  const pool: Float64Array[] = [];
  const cache = createFeatureCache(bars, (length) => {
    const a = new Float64Array(length).fill(42);
    pool.push(a);
    return a;
  });
  const first = cache.get("ema", { window: 5 });
  const got = cache.getMany([
    { name: "sma", params: { window: 50 } },
    { name: "ema", params: { window: 5, field: "close" } },
    { name: "sma", params: { window: 20 } },
    { name: "sma", params: { field: "close", window: 50 } },
  ]);
  assert.equal(got[1], first);
  assert.equal(got[0], got[3]);
  assert.equal(cache.size, 3);
  assert.equal(pool.length, 3);
  assert.ok(pool.includes(got[0]) && pool.includes(got[2]));
  sameBits(got[0], computeIndicator("sma", bars, { window: 50 }), "sma 50");
  sameBits(got[2], computeIndicator("sma", bars, { window: 20 }), "sma 20");
  assert.equal(cache.get("sma", { window: 20 }), got[2]);
});

Deno.test("createFeatureCache() remembers parses by exact contents, never a failed one", () => {
  const bars = roughBars(24, 300);
  const cache = createFeatureCache(bars);
  const a = cache.get("sma", { window: 5 });
  assert.equal(cache.get("sma", { window: 5 }), a);
  assert.equal(cache.get("sma", { window: 5, field: undefined }), a);
  assert.notEqual(cache.get("sma", { window: 5, field: "open" }), a);
  for (let i = 0; i < 2; i++) {
    assert.throws(() => cache.get("sma", { window: "5" }), {
      message: 'sma params: window: must be an integer ≥ 1 (got "5")',
    });
    assert.throws(() => cache.get("sma", { window: 5, field: "close\u0000" }), ValidationError);
  }
  // Objects that are not plain are parsed every time: zod sees inherited keys too.
  const child = Object.create({ inherited: 1 }) as Record<string, unknown>;
  child.window = 5;
  for (let i = 0; i < 2; i++) {
    assert.throws(() => cache.get("sma", child), {
      message: 'sma params: Unrecognized key: "inherited"',
    });
  }
  const bare = Object.create(null) as Record<string, unknown>;
  bare.window = 5;
  assert.equal(cache.get("sma", bare), a);
  assert.equal(cache.size, 2);
});
