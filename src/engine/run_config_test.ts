import assert from "node:assert/strict";
import { canonicalJson } from "../domain/canonical_json.ts";
import { parseRunConfig } from "./run_config.ts";
import { createFeatureCache } from "./indicators/mod.ts";
import { computeSignals } from "./strategies/mod.ts";
import { randomBars } from "./testing/bar_fixtures.ts";

const BASE = { dataset_id: "d", strategy_id: "sma_crossover", params: { fast: 3, slow: 8 } };

Deno.test("parseRunConfig() turns shorts on in the strategy when only execution.allow_short is set", () => {
  const cfg = parseRunConfig({ ...BASE, execution: { allow_short: true } });
  assert.equal(cfg.execution.allow_short, true);
  assert.equal(cfg.strategy.params.allow_short, true);
  // The strategy really emits -1 signals with that config.
  const bars = randomBars(2_000, 11);
  const signals = computeSignals("sma_crossover", createFeatureCache(bars), cfg.strategy.params);
  assert.ok(signals.includes(-1), "short signals");
});

Deno.test("parseRunConfig() gives one config for --allow-short and --param allow_short=true", () => {
  const viaExecution = parseRunConfig({ ...BASE, execution: { allow_short: true } });
  const viaParam = parseRunConfig({ ...BASE, params: { ...BASE.params, allow_short: true } });
  assert.equal(canonicalJson(viaExecution), canonicalJson(viaParam));
  assert.equal(viaParam.execution.allow_short, true);
});

Deno.test("parseRunConfig() keeps shorts off when neither switch is set", () => {
  const cfg = parseRunConfig(BASE);
  assert.equal(cfg.execution.allow_short, false);
  assert.equal(cfg.strategy.params.allow_short, false);
});
