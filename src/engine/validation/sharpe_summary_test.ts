/**
 * @module
 * Tests of the Sharpe summary's units: annualised V in, per-bar formulas inside, annualised
 * E[max SR] out — checked on the DSR paper's example (see `sharpe_ratio_test.ts` for the
 * provenance of 0.900397 and 1.789406).
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { checkDsrInput, summariseSharpe } from "./sharpe_summary.ts";

Deno.test("summariseSharpe() converts the annualised trial variance to per-bar units", () => {
  // Daily returns, 250 a year: ŜR = 2.5/√250 per day, T = 1250, γ₃ = −3, γ₄ = 10.
  const std = 0.01;
  const m = { count: 1250, mean: 2.5 / Math.sqrt(250) * std, std, skew: -3, kurtosis: 10 };
  const s = summariseSharpe(m, 250, { trials: 100, sharpeVariance: 0.5, source: "paper" });
  assert.ok(Math.abs(s.sharpe_annualised! - 2.5) < 1e-12);
  assert.ok(Math.abs(s.dsr.probability! - 0.900396834449391) < 1e-12);
  assert.ok(Math.abs(s.dsr.expected_max_sharpe! - 1.7894064662732059) < 1e-11);
  assert.equal(s.dsr_trials_source, "paper");
  assert.equal(s.dsr.sharpe_variance, 0.5);
  assert.ok(s.psr! > s.dsr.probability!);
  assert.equal(
    s.verdict,
    `PSR(0) = ${s.psr!.toFixed(3)}, DSR = 0.900 over 100 trials: the Sharpe ratio may be a ` +
      "product of selection among them",
  );
});

Deno.test("summariseSharpe() reports null where the returns have no variance", () => {
  const s = summariseSharpe({ count: 10, mean: 0, std: 0, skew: NaN, kurtosis: NaN }, 252, {
    trials: 1,
    sharpeVariance: null,
  });
  assert.equal(s.sharpe_per_bar, null);
  assert.equal(s.psr, null);
  assert.equal(s.dsr.probability, null);
  assert.equal(s.dsr.expected_max_sharpe, 0);
  assert.match(s.verdict, /^undefined: the returns have no variance/);
});

Deno.test("checkDsrInput() refuses unusable trial counts and variances", () => {
  checkDsrInput({ trials: 1, sharpeVariance: null });
  assert.throws(() => checkDsrInput({ trials: 0, sharpeVariance: 1 }), ValidationError);
  assert.throws(() => checkDsrInput({ trials: 2.5, sharpeVariance: 1 }), /dsr.trials/);
  assert.throws(() => checkDsrInput({ trials: 3, sharpeVariance: NaN }), /dsr.sharpeVariance/);
});
