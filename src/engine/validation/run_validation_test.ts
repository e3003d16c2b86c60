/**
 * @module
 * Tests of the validation stage end to end on a real engine run: seed 004's request, every
 * test at once, JSON round trip, determinism, trial ranges merged from parts, the
 * walk-forward hook and the DSR inputs.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { parseRunConfig } from "../run_config.ts";
import { runBacktest } from "../run_backtest.ts";
import {
  mergeValidationTrials,
  runValidation,
  runValidationTrials,
  runValidationWithDetails,
  summariseValidation,
} from "./run_validation.ts";
import { sessionRandomBars } from "../testing/session_bars.ts";
import { tradingDayStarts } from "../../market/calendar/day_starts.ts";

const YEAR = 97_740;
const BARS = sessionRandomBars("2024-01-02", "2024-01-12", 41); // 9 sessions, 3,510 bars
const DAY_STARTS = tradingDayStarts(BARS.ts);

function run(validation: Record<string, unknown>, seed = 42) {
  const cfg = parseRunConfig({
    dataset_id: "d",
    strategy_id: "dual_sma",
    params: { fast: 5, slow: 15 },
    risk: { model: "fixed_fraction", params: { fraction: 0.1 } },
    execution: { slippage: { model: "k_spread", k: 0.5 }, fees_bps: 0 },
    validation,
    seed,
  });
  return { cfg, real: runBacktest(BARS, cfg, YEAR) };
}

const DSR = { trials: 12, sharpeVariance: 0.8, source: "catalog: 12 runs on dataset d" };

Deno.test("runValidation() answers seed 004's request", () => {
  const { cfg, real } = run({ permutation: { trials: 3 } });
  const s = runValidation(BARS, cfg, YEAR, real, { dsr: DSR, dayStarts: DAY_STARTS });
  assert.equal(s.schema_version, 1);
  assert.equal(s.root_seed, 42);
  assert.equal(s.bars, 3510);
  assert.equal(s.trial_range, null);
  assert.deepEqual(Object.keys(s.tests), ["permutation"]);
  const p = s.tests.permutation!;
  assert.deepEqual(p.parameters, { trials: 3, metric: "sharpe", within_day: false });
  assert.equal(p.trials, 3);
  assert.equal(p.statistic.value, real.metrics.sharpe);
  assert.ok([0.25, 0.5, 0.75, 1].includes(p.p_value!));
  assert.equal(s.sharpe.dsr_trials_source, "catalog: 12 runs on dataset d");
  assert.equal(s.sharpe.dsr.trials, 12);
  assert.equal(s.sharpe.observations, 3510);
  assert.ok(Math.abs(s.sharpe.sharpe_annualised! - real.metrics.sharpe!) < 1e-9);
  assert.deepEqual(s.deferred, []);
});

Deno.test("runValidation() runs every test into a JSON-ready, deterministic summary", () => {
  const validation = {
    permutation: { trials: 20, within_day: true },
    bootstrap: { trials: 50, block: 30 },
    monte_carlo: { trials: 10, slippage_noise_bps: 2 },
    walk_forward: { folds: 3 },
  };
  const { cfg, real } = run(validation);
  const { summary, details } = runValidationWithDetails(BARS, cfg, YEAR, real, {
    dsr: DSR,
    dayStarts: DAY_STARTS,
  });
  const json = JSON.stringify(summary);
  assert.deepEqual(JSON.parse(json), summary); // no NaN, Infinity or typed arrays inside
  assert.deepEqual(Object.keys(summary.tests), ["permutation", "bootstrap", "monte_carlo"]);
  assert.deepEqual(summary.deferred, ["walk_forward"]);
  assert.equal(details.permutation!.length, 20);
  assert.equal(details.bootstrap!.sharpe.length, 50);
  assert.equal(details.monte_carlo!.final_equity.length, 10);
  assert.equal(summary.tests.bootstrap!.block_used, 30);
  assert.equal(summary.tests.bootstrap!.intervals.max_drawdown.observed, real.metrics.max_drawdown);
  assert.equal(summary.tests.monte_carlo!.observed.final_equity, real.metrics.final_equity);
  for (
    const v of [
      summary.tests.permutation!.verdict,
      summary.tests.bootstrap!.verdict,
      summary.sharpe.verdict,
    ]
  ) {
    assert.ok(v.length > 20 && !v.includes("\n"));
  }
  // Same inputs, same bytes; another root seed, other draws.
  const again = runValidation(BARS, cfg, YEAR, real, { dsr: DSR, dayStarts: DAY_STARTS });
  assert.equal(JSON.stringify(again), json);
  const other = run(validation, 43);
  const s43 = runValidation(BARS, other.cfg, YEAR, other.real, {
    dsr: DSR,
    dayStarts: DAY_STARTS,
  });
  assert.notEqual(s43.tests.bootstrap!.seed, summary.tests.bootstrap!.seed);
  assert.notDeepEqual(s43.tests.bootstrap!.intervals, summary.tests.bootstrap!.intervals);
});

Deno.test("mergeValidationTrials() joins ranges run apart into the whole run's summary", () => {
  const { cfg, real } = run({
    permutation: { trials: 12 },
    bootstrap: { trials: 7 },
    monte_carlo: { trials: 9, slippage_noise_bps: 1 },
  });
  const whole = runValidation(BARS, cfg, YEAR, real, { dsr: DSR, dayStarts: DAY_STARTS });
  // Two workers, ranges [5, ∞) and [0, 5), merged in either order.
  const parts = [
    runValidationTrials(BARS, cfg, YEAR, real, 5),
    runValidationTrials(BARS, cfg, YEAR, real, 0, 5),
  ];
  const merged = summariseValidation(cfg, YEAR, real, mergeValidationTrials(parts), DSR);
  assert.equal(JSON.stringify(merged), JSON.stringify(whole));
  // A range alone is summarised as such.
  const part = summariseValidation(cfg, YEAR, real, parts[1], DSR);
  assert.deepEqual(part.trial_range, { from: 0, to: 5 });
  assert.equal(part.tests.bootstrap!.trials, 5);
  assert.throws(
    () => mergeValidationTrials([runValidationTrials(BARS, cfg, YEAR, real, 0, 3), parts[0]]),
    /permutation: trial ranges \[0, 3\) and \[5, 12\) do not join/,
  );
});

Deno.test("runValidation() checks its inputs before running any trial", () => {
  const { cfg, real } = run({ permutation: { trials: 5 } });
  assert.throws(
    () => runValidation(BARS, cfg, YEAR, real, { dsr: { trials: 0, sharpeVariance: 1 } }),
    ValidationError,
  );
  assert.throws(
    () => runValidation(BARS, cfg, YEAR, real, { dsr: { trials: 3, sharpeVariance: -1 } }),
    /dsr.sharpeVariance/,
  );
  // A misspelt test is refused when the run config is parsed, before any work.
  assert.throws(() => run({ permutation: { trials: 5 }, boostrap: {} }), /unknown test boostrap/);
  const bad = { ...cfg, validation: { permutation: { trials: 5 }, boostrap: {} } };
  assert.throws(
    () => runValidation(BARS, bad, YEAR, real, { dsr: DSR }),
    /unknown test boostrap/,
  );
  assert.throws(
    () => runValidation(BARS, cfg, YEAR, real, { dsr: DSR, trialsFrom: 3, trialsTo: 1 }),
    /trial range \[3, 1\)/,
  );
});

Deno.test("runValidation() leaves the DSR out when the trials' variance is unknown", () => {
  const { cfg, real } = run({});
  const s = runValidation(BARS, cfg, YEAR, real, { dsr: { trials: 30, sharpeVariance: null } });
  assert.equal(s.sharpe.dsr.probability, null);
  assert.equal(s.sharpe.dsr.expected_max_sharpe, null);
  assert.equal(s.sharpe.dsr_trials_source, "catalog");
  assert.match(
    s.sharpe.verdict,
    /DSR not computed: the variance of the 30 trials' Sharpe ratios is unknown/,
  );
  const one = runValidation(BARS, cfg, YEAR, real, { dsr: { trials: 1, sharpeVariance: null } });
  assert.equal(one.sharpe.dsr.probability, one.sharpe.psr); // one trial: no selection, DSR = PSR(0)
  assert.deepEqual(one.tests, {});
});
