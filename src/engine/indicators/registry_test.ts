import assert from "node:assert/strict";
import { z } from "zod";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import {
  BUILTIN_INDICATORS,
  computeIndicator,
  getIndicator,
  listIndicators,
  parseIndicatorParams,
  registerIndicator,
} from "./registry.ts";
import type { IndicatorDefinition } from "./definition.ts";
import { barsFromCloses, randomBars } from "../testing/bar_fixtures.ts";

Deno.test("computeIndicator() stores the value computed from bar t at t+1 for every indicator", () => {
  const bars = randomBars(400, 21);
  for (const def of BUILTIN_INDICATORS) {
    for (const example of def.examples) {
      const unshifted = def.compute(bars, def.params.parse(example));
      const shifted = computeIndicator(def.name, bars, example);
      assert.equal(shifted.length, bars.length);
      assert.ok(Number.isNaN(shifted[0]), `${def.name}: index 0 must be NaN`);
      for (let t = 0; t + 1 < bars.length; t++) {
        assert.ok(
          Object.is(shifted[t + 1], unshifted[t]),
          `${def.name} ${JSON.stringify(example)} t=${t}`,
        );
      }
    }
  }
});

Deno.test("warmup() counts exactly the leading NaNs of every indicator on finite bars", () => {
  const bars = randomBars(400, 22);
  for (const def of BUILTIN_INDICATORS) {
    for (const example of def.examples) {
      const p = def.params.parse(example);
      const raw = def.compute(bars, p);
      const warmup = def.warmup(p);
      for (let t = 0; t < raw.length; t++) {
        assert.equal(
          Number.isNaN(raw[t]),
          t < warmup,
          `${def.name} ${JSON.stringify(example)} t=${t}`,
        );
      }
    }
  }
});

Deno.test("computeIndicator() refuses bad windows with one-line messages", () => {
  const bars = barsFromCloses([1, 2, 3, 4, 5]);
  const cases: [string, unknown, string][] = [
    ["sma", { window: 0 }, "sma params: window: must be an integer ≥ 1 (got 0)"],
    ["sma", { window: 2.5 }, "sma params: window: must be an integer ≥ 1 (got 2.5)"],
    ["sma", { window: "5" }, 'sma params: window: must be an integer ≥ 1 (got "5")'],
    ["sma", {}, "sma params: window: is required"],
    [
      "sma",
      { window: 2, field: "bid" },
      'sma params: field: Invalid option: expected one of "close"|"open"|"high"|"low"|"vwap" (got "bid")',
    ],
    ["ema", { window: 2, span: 3 }, 'ema params: Unrecognized key: "span"'],
    ["returns_std", { window: 1 }, "returns_std params: window: must be an integer ≥ 2 (got 1)"],
    ["sma", { window: 6 }, 'sma {"window":6,"field":"close"} needs at least 6 bars, got 5'],
    ["rsi", { window: 5 }, 'rsi {"window":5} needs at least 6 bars, got 5'],
  ];
  for (const [name, params, message] of cases) {
    assert.throws(() => computeIndicator(name, bars, params), (err) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.message, message);
      return true;
    });
  }
  // The largest allowed window gives exactly one value, which the shift pushes off the end.
  assert.deepEqual([...computeIndicator("sma", bars, { window: 5 })], [NaN, NaN, NaN, NaN, NaN]);
});

Deno.test("getIndicator() names the known indicators when one is missing", () => {
  assert.throws(() => getIndicator("macd"), (err) => {
    assert.ok(err instanceof NotFoundError);
    assert.equal(err.code, "INDICATOR_NOT_FOUND");
    assert.match(err.message, /^unknown indicator "macd" \(known: .*atr, ema, .*sma/);
    return true;
  });
});

Deno.test("parseIndicatorParams() fills in defaults", () => {
  assert.deepEqual(parseIndicatorParams("sma", { window: 3 }), { window: 3, field: "close" });
  assert.deepEqual(parseIndicatorParams("atr", { window: 14 }), { window: 14 });
});

Deno.test("listIndicators() gives every indicator sorted with a JSON Schema of its params", () => {
  const list = listIndicators();
  const names = list.map((i) => i.name);
  for (
    const n of ["atr", "ema", "returns_mean", "returns_std", "rolling_volatility", "rsi", "sma"]
  ) {
    assert.ok(names.includes(n), n);
  }
  assert.deepEqual(names, [...names].sort());
  assert.deepEqual(list.find((i) => i.name === "sma")?.params, {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: {
      window: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      field: { default: "close", type: "string", enum: ["close", "open", "high", "low", "vwap"] },
    },
    required: ["window"],
    additionalProperties: false,
  });
});

Deno.test("registerIndicator() adds a usable indicator and refuses duplicates and bad names", () => {
  const spread: IndicatorDefinition<{ scale: number }> = {
    name: "test_scaled_spread",
    description: "spread_mean × scale (test only)",
    params: z.strictObject({ scale: z.number().default(1) }),
    examples: [{}],
    compute: (bars, p) => bars.spreadMean.map((s) => s * p.scale),
    warmup: () => 0,
  };
  registerIndicator(spread);
  assert.deepEqual([
    ...computeIndicator("test_scaled_spread", barsFromCloses([1, 2, 3]), { scale: 2 }),
  ], [
    NaN,
    0.02,
    0.02,
  ]);
  assert.throws(() => registerIndicator(spread), /already registered/);
  assert.throws(() => registerIndicator({ ...spread, name: "Bad-Name" }), /not snake_case/);
});
