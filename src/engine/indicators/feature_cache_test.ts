import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { cacheKey, createFeatureCache } from "./feature_cache.ts";
import { computeIndicator } from "./registry.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";

Deno.test("createFeatureCache() computes each canonical (name, params) once", () => {
  const bars = randomBars(100, 31);
  const cache = createFeatureCache(bars);
  const a = cache.get("sma", { window: 5 });
  assert.equal(cache.get("sma", { field: "close", window: 5 }), a);
  assert.equal(cache.size, 1);
  const b = cache.get("sma", { window: 5, field: "vwap" });
  assert.notEqual(b, a);
  assert.equal(cache.get("ema", { window: 5 }) === a, false);
  assert.equal(cache.size, 3);
  assert.equal(cache.bars, bars);
});

Deno.test("createFeatureCache() returns the same shifted series as computeIndicator()", () => {
  const bars = randomBars(100, 32);
  const cache = createFeatureCache(bars);
  assert.deepEqual(cache.get("rsi", { window: 14 }), computeIndicator("rsi", bars, { window: 14 }));
});

Deno.test("createFeatureCache() passes validation errors through and caches nothing for them", () => {
  const cache = createFeatureCache(barsFromCloses([1, 2, 3]));
  assert.throws(() => cache.get("sma", { window: 4 }), ValidationError);
  assert.throws(() => cache.get("sma", { window: 0 }), ValidationError);
  assert.equal(cache.size, 0);
});

Deno.test("cacheKey() sorts parameters and keeps every float digit", () => {
  assert.equal(cacheKey("sma", { window: 5, field: "close" }), 'sma?field="close"&window=5');
  assert.notEqual(cacheKey("x", { a: 0.1 + 0.2 }), cacheKey("x", { a: 0.3 }));
});
