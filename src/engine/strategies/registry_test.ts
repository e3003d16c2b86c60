import assert from "node:assert/strict";
import { HewstonError, NotFoundError, ValidationError } from "../../domain/errors.ts";
import { createFeatureCache } from "../indicators/feature_cache.ts";
import { barsFromCloses } from "../testing/bar_fixtures.ts";
import {
  computeSignals,
  getStrategy,
  listStrategies,
  parseStrategyParams,
  registerStrategy,
  strategyFeatures,
} from "./registry.ts";
import { smaCrossover } from "./sma_crossover.ts";
import { assertSignal } from "./check_signal.ts";

Deno.test("getStrategy() throws STRATEGY_NOT_FOUND naming the known ids", () => {
  assert.equal(getStrategy("sma_crossover"), smaCrossover);
  assert.throws(() => getStrategy("macd_cross"), (err) => {
    assert.ok(err instanceof NotFoundError);
    assert.equal(err.code, "STRATEGY_NOT_FOUND");
    assert.equal(err.status, 404);
    assert.match(err.message, /^unknown strategy "macd_cross" \(known: .*dual_sma, sma_crossover/);
    return true;
  });
});

Deno.test("parseStrategyParams() fills defaults for missing, empty and partial params", () => {
  const defaults = { fast: 20, slow: 50, allow_short: false };
  assert.deepEqual(parseStrategyParams("sma_crossover", undefined), defaults);
  assert.deepEqual(parseStrategyParams("dual_sma", {}), defaults);
  assert.deepEqual(parseStrategyParams("dual_sma", { fast: 5, slow: 15 }), {
    fast: 5,
    slow: 15,
    allow_short: false,
  });
  assert.deepEqual(parseStrategyParams("sma_crossover", { allow_short: true }), {
    ...defaults,
    allow_short: true,
  });
});

Deno.test("parseStrategyParams() explains what is wrong in one line", () => {
  const cases: [unknown, string][] = [
    [{ fast: 50, slow: 20 }, "sma_crossover params: fast (50) must be less than slow (20)"],
    [{ fast: 60 }, "sma_crossover params: fast (60) must be less than slow (50)"],
    [{ fast: 0 }, "sma_crossover params: fast: must be an integer ≥ 1 (got 0)"],
    [{ slow: 7.5 }, "sma_crossover params: slow: must be an integer ≥ 2 (got 7.5)"],
    [
      { allow_short: "yes" },
      'sma_crossover params: allow_short: must be true or false (got "yes")',
    ],
    [{ fats: 5 }, 'sma_crossover params: Unrecognized key: "fats"'],
    [[5, 20], "sma_crossover params: Invalid input: expected object, received array"],
  ];
  for (const [raw, message] of cases) {
    assert.throws(() => parseStrategyParams("sma_crossover", raw), (err) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.message, message);
      return true;
    });
  }
});

Deno.test("listStrategies() lists ids sorted with JSON Schema and defaults", () => {
  const list = listStrategies();
  const ids = list.map((s) => s.id);
  assert.ok(ids.includes("sma_crossover") && ids.includes("dual_sma"));
  assert.deepEqual(ids, [...ids].sort());
  const info = list.find((s) => s.id === "sma_crossover");
  assert.deepEqual(info?.defaults, { fast: 20, slow: 50, allow_short: false });
  assert.deepEqual(info?.params, {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: {
      fast: { default: 20, type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      slow: { default: 50, type: "integer", minimum: 2, maximum: Number.MAX_SAFE_INTEGER },
      allow_short: { default: false, type: "boolean" },
    },
    additionalProperties: false,
  });
});

Deno.test("strategyFeatures() resolves defaults before listing features", () => {
  assert.deepEqual(strategyFeatures("dual_sma", {}), [
    { name: "sma", params: { window: 20 } },
    { name: "sma", params: { window: 50 } },
  ]);
});

Deno.test("computeSignals() reports too few bars for the slow SMA as a validation error", () => {
  const cache = createFeatureCache(barsFromCloses([1, 2, 3, 4]));
  assert.throws(() => computeSignals("sma_crossover", cache, {}), (err) => {
    assert.ok(err instanceof ValidationError);
    assert.equal(err.message, 'sma {"window":20,"field":"close"} needs at least 20 bars, got 4');
    return true;
  });
});

Deno.test("registerStrategy() refuses a taken id and a non-snake_case id", () => {
  assert.throws(() => registerStrategy(smaCrossover), /already registered/);
  assert.throws(() => registerStrategy({ ...smaCrossover, id: "SMA-X" }), /not snake_case/);
});

Deno.test("assertSignal() refuses a wrong length or a value outside -1, 0, 1", () => {
  assertSignal("x", new Int8Array([0, 1, -1]), 3);
  assert.throws(() => assertSignal("x", new Int8Array(2), 3), (err) => {
    assert.ok(err instanceof HewstonError);
    assert.equal(err.code, "STRATEGY_INVALID");
    assert.equal(err.message, 'strategy "x" returned 2 signals for 3 bars');
    return true;
  });
  assert.throws(
    () => assertSignal("x", new Int8Array([0, 2, 0]), 3),
    { message: 'strategy "x" returned signal 2 at bar 1 (allowed: -1, 0, 1)' },
  );
});

Deno.test("assertSignal() finds a bad value wherever it is, in blocks of four or the tail", () => {
  for (const bad of [2, -2, 3, 127, -128, 64]) {
    for (const at of [0, 3, 4, 7, 8, 61, 62]) {
      const signal = new Int8Array(63);
      for (let t = 0; t < 63; t++) signal[t] = (t % 3) - 1;
      signal[at] = bad;
      assert.throws(() => assertSignal("x", signal, 63), {
        message: `strategy "x" returned signal ${bad} at bar ${at} (allowed: -1, 0, 1)`,
      });
    }
  }
});

Deno.test("computeSignals() writes into a given array, and refuses one of another length", () => {
  const cache = createFeatureCache(barsFromCloses([10, 11, 12, 11, 10, 9, 10, 12, 13]));
  const out = new Int8Array(9).fill(5);
  const params = { fast: 2, slow: 3, allow_short: true };
  assert.equal(computeSignals("sma_crossover", cache, params, out), out);
  assert.deepEqual([...out], [0, 0, 0, 1, 1, -1, -1, -1, 1]);
  assert.throws(() => computeSignals("sma_crossover", cache, params, new Int8Array(4)), {
    name: "ValidationError",
    message: "sma_crossover: signal array has 4 rows for 9 bars",
  });
});
