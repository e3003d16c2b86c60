/**
 * @module
 * Tests of the `validation` block parser: seed 004's shape, defaults, on/off forms, the
 * walk-forward pass-through and the error messages.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { parseValidationConfig } from "./config.ts";

Deno.test("parseValidationConfig() accepts seed 004's block and fills defaults", () => {
  assert.deepEqual(parseValidationConfig({ permutation: { trials: 3 } }), {
    permutation: { trials: 3, metric: "sharpe", within_day: false },
  });
  assert.deepEqual(parseValidationConfig({}), {});
  assert.deepEqual(parseValidationConfig(undefined), {});
});

Deno.test("parseValidationConfig() reads every test's settings", () => {
  assert.deepEqual(
    parseValidationConfig({
      permutation: { trials: 500, metric: "total_return", within_day: true },
      bootstrap: { trials: 200, block: 390, method: "moving" },
      monte_carlo: { trials: 50, slippage_noise_bps: 2.5 },
    }),
    {
      permutation: { trials: 500, metric: "total_return", within_day: true },
      bootstrap: { trials: 200, block: 390, method: "moving" },
      monte_carlo: { trials: 50, slippage_noise_bps: 2.5 },
    },
  );
});

Deno.test("parseValidationConfig() reads true as defaults and false or null as off", () => {
  assert.deepEqual(
    parseValidationConfig({ bootstrap: true, monte_carlo: false, permutation: null }),
    {
      bootstrap: { trials: 1000, block: null, method: "stationary" },
    },
  );
  assert.deepEqual(parseValidationConfig({ monte_carlo: {} }), {
    monte_carlo: { trials: 1000, slippage_noise_bps: 1 },
  });
});

Deno.test("parseValidationConfig() passes walk_forward through untouched", () => {
  const wf = { train: 1000, test: 250, anything: [1, 2] };
  const v = parseValidationConfig({ walk_forward: wf });
  assert.equal(v.walk_forward, wf);
});

Deno.test("parseValidationConfig() names unknown tests and bad fields", () => {
  assert.throws(
    () => parseValidationConfig({ permutaton: {}, cpcv: {} }),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.message === "validation: unknown tests permutaton, cpcv (known: permutation, bootstrap, " +
          "monte_carlo, walk_forward)",
  );
  assert.throws(
    () => parseValidationConfig({ permutation: { trials: 0 } }),
    /^ValidationError: validation\.permutation\.trials: /,
  );
  assert.throws(
    () => parseValidationConfig({ bootstrap: { method: "circular" } }),
    /validation\.bootstrap\.method/,
  );
  assert.throws(
    () => parseValidationConfig({ permutation: { trails: 5 } }),
    /validation\.permutation: .*trails/,
  );
  assert.throws(
    () => parseValidationConfig({ permutation: { metric: "max_drawdown" } }),
    /validation\.permutation\.metric/,
  );
  assert.throws(() => parseValidationConfig([1]), /validation must be an object/);
});
