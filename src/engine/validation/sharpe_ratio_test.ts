/**
 * @module
 * Tests of the PSR, MinTRL, expected maximum Sharpe and DSR against worked examples.
 *
 * Provenance of the numbers, honestly stated:
 * - DSR: the numerical example of Bailey & López de Prado (2014), "The Deflated Sharpe
 *   Ratio: Correcting for Selection Bias, Backtest Overfitting and Non-Normality", J. of
 *   Portfolio Management 40(5), in its numerical-example section: N = 100 trials, variance
 *   of the trials' annualised Sharpe ratios 1/2, 250 observations a year, the selected
 *   strategy's annualised SR 2.5 over T = 1250 daily returns, skewness −3, kurtosis 10. The
 *   figures SR₀ ≈ 0.1132 (per day) and DSR ≈ 0.9004 are quoted from memory of that paper;
 *   they were re-derived here from the formulas with mpmath (30 digits):
 *   E[max Z] = 0.42278·Φ⁻¹(0.99) + 0.57722·Φ⁻¹(1 − 1/(100e)) = 2.5306028932016820,
 *   SR₀ = √(0.5/250)·2.5306… = 0.11317200186513203,
 *   ŜR = 2.5/√250 = 0.15811388300841897,
 *   z = (ŜR − SR₀)·√1249 / √(1 + 3ŜR + 9/4·ŜR²) = 1.2838160365336578, DSR = Φ(z) = 0.9003968344493910.
 *   The two agree to the four digits quoted.
 * - PSR and MinTRL: the exact example numbers of Bailey & López de Prado (2012), "The Sharpe
 *   Ratio Efficient Frontier", J. of Risk 15(2), are not reproduced here because they could
 *   not be recalled with certainty. Instead, hand-derived cases from the paper's §3 formula
 *   (its eq. for PSR) are checked, each worked in its comment and confirmed with mpmath.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import {
  deflatedSharpe,
  EULER_GAMMA,
  expectedMaxSharpe,
  minTrackRecordLength,
  probabilisticSharpe,
} from "./sharpe_ratio.ts";

function close(got: number, want: number, tol: number): void {
  assert.ok(Math.abs(got - want) <= tol, `got ${got}, want ${want}`);
}

Deno.test("expectedMaxSharpe() reproduces SR₀ of the DSR paper's numerical example", () => {
  const sr0 = expectedMaxSharpe(100, 0.5 / 250);
  close(sr0, 0.11317200186513203, 1e-12);
  assert.equal(sr0.toFixed(4), "0.1132");
  // Annualised: SR₀ × √250 = 1.7894064662732059.
  close(sr0 * Math.sqrt(250), 1.7894064662732059, 1e-11);
});

Deno.test("deflatedSharpe() reproduces the DSR paper's numerical example", () => {
  const s = { sharpe: 2.5 / Math.sqrt(250), count: 1250, skew: -3, kurtosis: 10 };
  const dsr = deflatedSharpe(s, 100, 0.5 / 250);
  close(dsr, 0.900396834449391, 1e-12);
  assert.equal(dsr.toFixed(4), "0.9004");
});

Deno.test("probabilisticSharpe() matches hand-derived cases of the PSR formula", () => {
  // Normal returns: γ₃ = 0, γ₄ = 3 → denominator √(1 + ŜR²/2) (Lo 2002 / Mertens).
  // ŜR = 0.1, T = 101, SR* = 0: z = 0.1·10/√1.005 = 0.9975093361076329, Φ(z) = 0.8407413278013518.
  close(
    probabilisticSharpe({ sharpe: 0.1, count: 101, skew: 0, kurtosis: 3 }, 0),
    0.8407413278013518,
    1e-12,
  );
  // Skewed, fat-tailed: γ₃ = −1, γ₄ = 6, ŜR = 0.1, SR* = 0.05, T = 101:
  // z = 0.05·10/√(1 + 0.1 + 5/4·0.01) = 0.5/√1.1125 = 0.4740454631399772, Φ(z) = 0.6822662561644254.
  close(
    probabilisticSharpe({ sharpe: 0.1, count: 101, skew: -1, kurtosis: 6 }, 0.05),
    0.6822662561644254,
    1e-12,
  );
  // At the benchmark the probability is exactly ½; negative skew lowers the PSR of a positive ŜR.
  assert.equal(probabilisticSharpe({ sharpe: 0.2, count: 50, skew: 0, kurtosis: 3 }, 0.2), 0.5);
  const base = { sharpe: 0.1, count: 200, skew: 0, kurtosis: 3 };
  assert.ok(probabilisticSharpe({ ...base, skew: -2 }, 0) < probabilisticSharpe(base, 0));
  assert.ok(Number.isNaN(probabilisticSharpe({ ...base, count: 1 }, 0)));
  assert.ok(Number.isNaN(probabilisticSharpe({ ...base, sharpe: NaN }, 0)));
});

Deno.test("minTrackRecordLength() gives the T at which the PSR reaches the confidence", () => {
  // Normal returns, ŜR = 0.1, SR* = 0, 95%: 1 + 1.005·(1.6448536269514722/0.1)² = 272.90793.
  const s = { sharpe: 0.1, count: 10, skew: 0, kurtosis: 3 };
  const t = minTrackRecordLength(s, 0, 0.95);
  close(t, 1 + 1.005 * (1.6448536269514722 / 0.1) ** 2, 1e-9);
  // By construction, PSR over exactly that many returns is 0.95.
  close(probabilisticSharpe({ ...s, count: t }, 0), 0.95, 1e-12);
  assert.ok(Number.isNaN(minTrackRecordLength({ ...s, sharpe: -0.1 }, 0, 0.95)));
});

Deno.test("expectedMaxSharpe() is 0 for one trial and grows with N", () => {
  assert.equal(expectedMaxSharpe(1, 4), 0);
  // N = 2: (1 − γ)·Φ⁻¹(½) + γ·Φ⁻¹(1 − 1/(2e)) = γ·Φ⁻¹(0.816060…) = γ·0.9004525966377903 (mpmath)
  close(expectedMaxSharpe(2, 1), EULER_GAMMA * 0.9004525966377903, 1e-12);
  let prev = 0;
  for (const n of [2, 10, 100, 1000, 10_000]) {
    const v = expectedMaxSharpe(n, 1);
    assert.ok(v > prev);
    prev = v;
  }
  assert.throws(() => expectedMaxSharpe(0, 1), ValidationError);
  assert.throws(() => expectedMaxSharpe(2.5, 1), ValidationError);
  assert.throws(() => expectedMaxSharpe(10, -1), ValidationError);
});
