import assert from "node:assert/strict";
import { createFeatureCache } from "../indicators/feature_cache.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";
import { smaCrossover } from "./sma_crossover.ts";
import { dualSma } from "./dual_sma.ts";
import { computeSignals } from "./registry.ts";

// Closes 10, 11, 12, 11, 10, 9, 10, 12, 13 with fast = 2, slow = 3.
// Unshifted SMA(2) from t1: 10.5, 11.5, 11.5, 10.5, 9.5, 9.5, 11, 12.5.
// Unshifted SMA(3) from t2: 11, 34/3, 11, 10, 29/3, 31/3, 35/3.
// Shifted (as the strategy sees them) at t = 3..8:
//   fast 11.5, 11.5, 10.5, 9.5, 9.5, 11; slow 11, 34/3, 11, 10, 29/3, 31/3
//   → above, above, below, below, below, above.
const CLOSES = [10, 11, 12, 11, 10, 9, 10, 12, 13];

Deno.test("sma_crossover is long while the shifted fast SMA is above the slow one", () => {
  const cache = createFeatureCache(barsFromCloses(CLOSES));
  const signal = computeSignals("sma_crossover", cache, { fast: 2, slow: 3 });
  assert.deepEqual([...signal], [0, 0, 0, 1, 1, 0, 0, 0, 1]);
});

Deno.test("sma_crossover goes short below the slow SMA only when allow_short is set", () => {
  const cache = createFeatureCache(barsFromCloses(CLOSES));
  const signal = computeSignals("sma_crossover", cache, { fast: 2, slow: 3, allow_short: true });
  assert.deepEqual([...signal], [0, 0, 0, 1, 1, -1, -1, -1, 1]);
});

Deno.test("sma_crossover stays flat on ties and during warm-up, even when shorts are allowed", () => {
  const cache = createFeatureCache(barsFromCloses([5, 5, 5, 5, 5, 5]));
  assert.deepEqual([
    ...computeSignals("sma_crossover", cache, { fast: 2, slow: 3, allow_short: true }),
  ], [
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
});

Deno.test("sma_crossover asks the cache for the two SMAs it reads", () => {
  assert.deepEqual(smaCrossover.features({ fast: 5, slow: 15, allow_short: false }), [
    { name: "sma", params: { window: 5 } },
    { name: "sma", params: { window: 15 } },
  ]);
  const cache = createFeatureCache(barsFromCloses(CLOSES));
  computeSignals("sma_crossover", cache, { fast: 2, slow: 3 });
  assert.equal(cache.size, 2);
});

Deno.test("dual_sma runs the sma_crossover code under its own id", () => {
  assert.equal(dualSma.id, "dual_sma");
  assert.equal(dualSma.signals, smaCrossover.signals);
  assert.equal(dualSma.params, smaCrossover.params);
  const cache = createFeatureCache(barsFromCloses(CLOSES));
  assert.deepEqual(
    computeSignals("dual_sma", cache, { fast: 2, slow: 3, allow_short: true }),
    computeSignals("sma_crossover", cache, { fast: 2, slow: 3, allow_short: true }),
  );
});

Deno.test("sma_crossover marks every bar of long runs, ties and warm-up on random walks", () => {
  for (const seed of [1, 2, 3]) {
    const bars = randomBars(3_000, seed);
    // Flat stretches make ties; a long one makes a run longer than any loop shortcut.
    for (let i = 500; i < 800; i++) bars.close[i] = bars.close[499];
    const cache = createFeatureCache(bars);
    const fast = cache.get("sma", { window: 5 });
    const slow = cache.get("sma", { window: 20 });
    for (const allow_short of [false, true]) {
      const signal = computeSignals("sma_crossover", cache, { fast: 5, slow: 20, allow_short });
      for (let t = 0; t < 3_000; t++) {
        const want = fast[t] > slow[t] ? 1 : fast[t] < slow[t] && allow_short ? -1 : 0;
        assert.equal(signal[t], want, `seed ${seed} bar ${t}`);
      }
    }
  }
});

// Closes on the 0.01 grid where SMA(3) and SMA(6) are exactly equal at t = 9:
// (194.30 + 194.31 + 194.31) / 3 = (194.32 + 194.30 + 194.30 + 194.30 + 194.31 + 194.31) / 6
// = 194.30666…; running float sums used to put the fast mean 3e-14 above the slow one.
const TIE_CLOSES = [
  194.3,
  194.32,
  194.32,
  194.31,
  194.32,
  194.3,
  194.3,
  194.3,
  194.31,
  194.31,
  194.3,
];

Deno.test("sma_crossover stays flat on an exact tie of prices on a cent grid", () => {
  const cache = createFeatureCache(barsFromCloses(TIE_CLOSES));
  const fast = cache.get("sma", { window: 3 });
  const slow = cache.get("sma", { window: 6 });
  assert.equal(fast[10], slow[10]); // shifted: bar 10 sees the means of bars 7..9 and 4..9
  const long = computeSignals("sma_crossover", cache, { fast: 3, slow: 6 });
  const both = computeSignals("sma_crossover", cache, { fast: 3, slow: 6, allow_short: true });
  assert.equal(long[10], 0);
  assert.equal(both[10], 0);
});
