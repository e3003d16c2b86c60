import assert from "node:assert/strict";
import {
  bodyOfDraft,
  draftOfConfig,
  type DraftSchemas,
  fieldErrorsOf,
  fieldsOfSchema,
  setValidationField,
  VALIDATION_FIELDS,
} from "./run_form.ts";

const SMA = fieldsOfSchema({
  properties: {
    fast: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 20 },
    slow: { type: "integer", minimum: 2, maximum: Number.MAX_SAFE_INTEGER, default: 50 },
    allow_short: { type: "boolean", default: false },
  },
});
const VOL = fieldsOfSchema({
  properties: {
    target_vol: { type: "number", exclusiveMinimum: 0, maximum: 10, default: 0.15 },
    lookback: { type: "integer", minimum: 2, maximum: 1_000_000, default: 20 },
    max_leverage: { type: "number", exclusiveMinimum: 0, maximum: 10, default: 1 },
  },
});
const schemas = (): DraftSchemas => ({ params: SMA, risk: VOL });

/** A run's config as GET /backtests/{id} returns it. */
const CONFIG = {
  dataset_id: "TEST-2024-01-02-2024-02-29-synthetic-abc",
  strategy: { id: "sma_crossover", params: { fast: 7, slow: 21, allow_short: true } },
  risk: { model: "volatility_target", target_vol: 0.2, lookback: 30, max_leverage: 1.5 },
  execution: {
    fill_price: "close",
    fees_bps: 1,
    slippage: { model: "k_spread", k: 0.5 },
    borrow_bps: 25,
    auto_flatten: false,
    allow_short: true,
  },
  seed: 7,
  initial_cash: 50_000,
  validation: { permutation: { trials: 200 }, bootstrap: {}, walk_forward: { folds: 3 } },
};

Deno.test("a run's config makes a draft whose body says the same run", () => {
  const draft = draftOfConfig(CONFIG, schemas);
  assert.equal(draft.params.fast, "7");
  assert.equal(draft.risk_params.target_vol, "0.2");
  assert.equal(draft.slippage.k, "0.5");
  assert.deepEqual(bodyOfDraft(draft, schemas()), {
    dataset_id: CONFIG.dataset_id,
    strategy_id: "sma_crossover",
    params: { fast: 7, slow: 21, allow_short: true },
    risk: {
      model: "volatility_target",
      params: { target_vol: 0.2, lookback: 30, max_leverage: 1.5 },
    },
    execution: {
      fill_price: "close",
      fees_bps: 1,
      slippage: { model: "k_spread", k: 0.5 },
      borrow_bps: 25,
      auto_flatten: false,
      allow_short: true,
    },
    seed: 7,
    initial_cash: 50_000,
    // Kept as written: a run's id covers the block as given.
    validation: CONFIG.validation,
  });
});

Deno.test("a seed-shaped preset (strategy.name, slippage_fees) fills the same fields", () => {
  const draft = draftOfConfig({
    symbol: "DEMO",
    from: "2024-01-01",
    to: "2024-12-31",
    strategy: { name: "sma_crossover", params: { fast: 5 } },
    slippage_fees: { k_spread: 0.25, fees_bps: 2 },
  }, schemas);
  assert.equal(draft.strategy_id, "sma_crossover");
  assert.equal(draft.params.fast, "5");
  assert.equal(draft.params.slow, "50", "defaults fill the rest");
  assert.equal(draft.fees_bps, "2");
  assert.equal(draft.slippage_model, "k_spread");
  assert.equal(draft.slippage.k, "0.25");
});

Deno.test("text that is no number goes to the server as typed, empty fields take defaults", () => {
  const draft = draftOfConfig(CONFIG, schemas);
  draft.params = { fast: "abc", slow: "", allow_short: false };
  const body = bodyOfDraft(draft, schemas());
  assert.deepEqual(body.params, { fast: "abc", allow_short: false });
});

Deno.test("a validation field left empty leaves the block as written", () => {
  const trials = VALIDATION_FIELDS.permutation.fields[0];
  assert.deepEqual(setValidationField({ trials: 200 }, trials, ""), {});
  assert.deepEqual(setValidationField({}, trials, "50"), { trials: 50 });
  const withinDay = VALIDATION_FIELDS.permutation.fields[2];
  assert.deepEqual(setValidationField({}, withinDay, false), {});
  assert.deepEqual(setValidationField({}, withinDay, true), { within_day: true });
});

Deno.test("the API's issue paths land on the form's fields", () => {
  assert.deepEqual(
    fieldErrorsOf([
      { path: "body.params.fast", message: "too small" },
      { path: "body.params", message: "fast must be less than slow" },
      { path: "body.risk.lookback", message: "bad" },
      { path: "body.validation.permutation.trials", message: "≥ 1" },
      { path: "body.name", message: "taken" },
    ]),
    {
      "params.fast": "too small",
      params: "fast must be less than slow",
      "risk.params.lookback": "bad",
      "validation.permutation.trials": "≥ 1",
      name: "taken",
    },
  );
});
