import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { listRiskModels, parseRiskConfig } from "./config.ts";

Deno.test("parseRiskConfig() reads seed 004's nested shape and the flat shape alike", () => {
  const expected = { model: "fixed_fraction", fraction: 0.1 };
  assert.deepEqual(
    parseRiskConfig({ model: "fixed_fraction", params: { fraction: 0.1 } }),
    expected,
  );
  assert.deepEqual(parseRiskConfig({ model: "fixed_fraction", fraction: 0.1 }), expected);
  assert.deepEqual(
    parseRiskConfig({ model: "volatility_target", params: { target_vol: 0.2 }, lookback: 30 }),
    { model: "volatility_target", target_vol: 0.2, lookback: 30, max_leverage: 1 },
  );
});

Deno.test("parseRiskConfig() defaults to the whole equity on the signal when nothing is given", () => {
  const full = { model: "fixed_fraction", fraction: 1 };
  assert.deepEqual(parseRiskConfig(undefined), full);
  assert.deepEqual(parseRiskConfig(null), full);
  assert.deepEqual(parseRiskConfig({}), full);
  assert.deepEqual(parseRiskConfig({ fraction: 0.25 }), {
    model: "fixed_fraction",
    fraction: 0.25,
  });
  assert.deepEqual(parseRiskConfig({ model: "volatility_target" }), {
    model: "volatility_target",
    target_vol: 0.15,
    lookback: 20,
    max_leverage: 1,
  });
  assert.deepEqual(parseRiskConfig({ model: "kelly_fraction", params: {} }), {
    model: "kelly_fraction",
    fraction: 0.5,
    lookback: 100,
    max_leverage: 1,
  });
});

Deno.test("parseRiskConfig() accepts its own output and camelCase names", () => {
  const cfg = parseRiskConfig({ model: "kelly_fraction", max_leverage: 2, lookback: 50 });
  assert.deepEqual(cfg, { model: "kelly_fraction", fraction: 0.5, lookback: 50, max_leverage: 2 });
  assert.deepEqual(parseRiskConfig(cfg), cfg);
  const vt = { model: "volatility_target", target_vol: 0.1, lookback: 5, max_leverage: 3 } as const;
  assert.deepEqual(parseRiskConfig(vt), vt);
});

Deno.test("parseRiskConfig() explains each refusal in one line", () => {
  const cases: [unknown, string][] = [
    [
      { model: "martingale" },
      'risk: model "martingale" is not one of fixed_fraction, volatility_target, kelly_fraction',
    ],
    [{ model: 3 }, "risk: model 3 is not one of fixed_fraction, volatility_target, kelly_fraction"],
    [{ fraction: 0 }, "risk fixed_fraction params: fraction: must be a number in (0, 10] (got 0)"],
    [
      { fraction: 10.5 },
      "risk fixed_fraction params: fraction: must be a number in (0, 10] (got 10.5)",
    ],
    [
      { fraction: "0.1" },
      'risk fixed_fraction params: fraction: must be a number in (0, 10] (got "0.1")',
    ],
    [
      { model: "volatility_target", lookback: 1, target_vol: -1 },
      "risk volatility_target params: target_vol: must be a number in (0, 10] (got -1); lookback: must be an integer in [2, 1000000] (got 1)",
    ],
    [
      { model: "kelly_fraction", lookback: 2.5 },
      "risk kelly_fraction params: lookback: must be an integer in [2, 1000000] (got 2.5)",
    ],
    [
      { model: "fixed_fraction", lookback: 20 },
      'risk fixed_fraction params: Unrecognized key: "lookback"',
    ],
    [{ fraction: 0.1, params: { fraction: 0.2 } }, "risk: fraction is given more than once"],
    [
      { model: "volatility_target", target_vol: 0.1, params: { target_vol: 0.1 } },
      "risk: target_vol is given more than once",
    ],
    [
      { model: "volatility_target", targetVol: 0.1 },
      'risk volatility_target params: Unrecognized key: "targetVol"',
    ],
    [{ params: { model: "fixed_fraction" } }, "risk: model belongs beside params, not in it"],
    [{ params: [0.1] }, "risk: params must be an object, got an array"],
    ["fixed_fraction", "risk: expected an object, got string"],
  ];
  for (const [raw, message] of cases) {
    assert.throws(() => parseRiskConfig(raw), (err) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.message, message);
      return true;
    });
  }
});

Deno.test("listRiskModels() gives each model's JSON Schema with its defaults", () => {
  const list = listRiskModels();
  assert.deepEqual(list.map((m) => m.model), [
    "fixed_fraction",
    "volatility_target",
    "kelly_fraction",
  ]);
  assert.deepEqual(list[0].params, {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { fraction: { default: 1, type: "number", exclusiveMinimum: 0, maximum: 10 } },
    additionalProperties: false,
  });
});
