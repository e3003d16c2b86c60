/**
 * @module
 * Statistical tests of the synthetic market (model: docs/synthetic.md), on 8 seeds × half a
 * year of 1-minute data (≈387,000 returns; `scripts/synthetic_stats.ts` prints every figure).
 *
 * Which series, and why:
 * - The **latent mid** (the model's efficient price at each minute's end) is the martingale:
 *   its variance ratios and autocorrelations at every lag from 1 are tested.
 * - The **quoted mid** is the latent mid rounded to the 0.01 grid, and **bar closes** are
 *   trade prints at the bid or the ask: both carry microstructure noise that makes lag 1
 *   negative (realistic bid/ask bounce), and nothing beyond it, so they are tested from lag 2.
 *
 * Standard errors are heteroskedasticity-robust (Lo–MacKinlay z*(q) for variance ratios,
 * White-type for autocorrelations and correlations): volatility here clusters and follows a
 * U over the session, which makes iid standard errors far too small.
 */

import assert from "node:assert/strict";
import {
  autocorrelations,
  autocorrelationSum,
  correlationZ,
  kurtosis,
  varianceRatio,
} from "../testing/return_stats.ts";
import { marketSample, sessionStats } from "../testing/synthetic_sample.ts";

/** Lags 2..100 (or 1..100) pass when their sum is within ±3 SE, at most 3 single lags are
 * beyond ±3 SE (0.27 expected by chance among 99) and none is beyond ±4.5 SE. */
function assertUncorrelated(r: Float64Array, fromLag: number, label: string): void {
  const sum = autocorrelationSum(r, fromLag, 100);
  assert.ok(Math.abs(sum.z) < 3, `${label}: Σρ over lags ${fromLag}–100 = ${sum.sum} (z ${sum.z})`);
  const lags = autocorrelations(r, fromLag, 100);
  const beyond = lags.filter((a) => Math.abs(a.z) > 3);
  assert.ok(beyond.length <= 3, `${label}: lags beyond 3 SE: ${beyond.map((a) => a.lag)}`);
  const worst = Math.max(...lags.map((a) => Math.abs(a.z)));
  assert.ok(worst < 4.5, `${label}: max |z| ${worst}`);
}

Deno.test("synthetic latent mid has variance ratios within 3 robust SE of 1 at 5, 30, 195 and 390 minutes", () => {
  const { latent } = marketSample();
  for (const q of [5, 30, 195, 390]) {
    const v = varianceRatio(latent, q);
    assert.ok(Math.abs(v.z) < 3, `VR(${q}) = ${v.vr} (z ${v.z})`);
  }
});

Deno.test("synthetic latent mid returns are uncorrelated at lags 1–100", () => {
  assertUncorrelated(marketSample().latent, 1, "latent mid");
});

Deno.test("synthetic quoted mid and bar closes are uncorrelated at lags 2–100, bar closes bounce at lag 1", () => {
  const s = marketSample();
  assertUncorrelated(s.quoted, 2, "quoted mid");
  assertUncorrelated(s.close, 2, "bar close");
  const [lag1] = autocorrelations(s.close, 1, 1);
  assert.ok(lag1.rho < -0.02 && lag1.z < -5, `bar close lag-1 ρ ${lag1.rho} (z ${lag1.z})`);
});

Deno.test("synthetic sessions have no trend: halves, overnight gaps and days are uncorrelated", () => {
  const d = sessionStats(marketSample());
  assert.ok(d.firstHalf.length > 900);
  const halves = correlationZ(d.firstHalf, d.secondHalf);
  assert.ok(Math.abs(halves) < 3, `first vs second half: z ${halves}`);
  const overnight = correlationZ(d.session, d.nextOvernight);
  assert.ok(Math.abs(overnight) < 3, `session vs next overnight: z ${overnight}`);
  const daily = correlationZ(d.daily.subarray(1), d.daily.subarray(0, -1));
  assert.ok(Math.abs(daily) < 3, `daily lag 1: z ${daily}`);
});

Deno.test("synthetic volatility clusters and returns are fat-tailed", () => {
  const s = marketSample();
  const abs = s.intraday.map(Math.abs);
  const [lag1] = autocorrelations(abs, 1, 1);
  const [lag30] = autocorrelations(abs, 30, 30);
  assert.ok(lag1.rho > 0.1 && lag1.z > 10, `|r| lag 1: ${lag1.rho} (z ${lag1.z})`);
  assert.ok(lag30.rho > 0.05 && lag30.z > 5, `|r| lag 30: ${lag30.rho} (z ${lag30.z})`);
  const d = sessionStats(s);
  const [daily] = autocorrelations(d.daily.map(Math.abs), 1, 1);
  assert.ok(daily.rho > 0.1, `daily |r| lag 1: ${daily.rho}`);
  assert.ok(kurtosis(s.intraday) > 6, `1-minute kurtosis ${kurtosis(s.intraday)}`);
  assert.ok(kurtosis(d.daily) > 4, `daily kurtosis ${kurtosis(d.daily)}`);
});

Deno.test("synthetic spreads and volume are U-shaped over the session, spreads a few ticks", () => {
  const { spread, volume } = marketSample();
  const [open, midday, close] = spread;
  assert.ok(midday >= 1 && midday < 3, `midday spread ${midday} ticks`);
  assert.ok(open > 1.3 * midday && close > 1.1 * midday, `spread U ${spread}`);
  assert.ok(volume[0] > 2 * volume[1] && volume[2] > 1.6 * volume[1], `volume U ${volume}`);
});
