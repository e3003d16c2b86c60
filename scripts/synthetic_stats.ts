/**
 * @module
 * Prints the statistics the synthetic-market tests assert, with their standard errors:
 * variance ratios, autocorrelations, session-level correlations, volatility clustering,
 * tails, intraday shapes, and the SMA sweep's mean Sharpe and share profitable across seeds.
 *
 *     scripts/deno run -A scripts/synthetic_stats.ts
 *
 * The data are those of `src/market/sources/synthetic_martingale_test.ts` and
 * `tests/synthetic_sma_sweep_test.ts` (same seeds, dates and density).
 */

import { marketSample, sessionStats } from "../src/market/testing/synthetic_sample.ts";
import {
  autocorrelations,
  autocorrelationSum,
  correlation,
  correlationZ,
  kurtosis,
  varianceRatio,
} from "../src/market/testing/return_stats.ts";
import { sweepAcrossSeeds, sweepSummary } from "../tests/testing/synthetic_sweep.ts";

const f = (x: number, d = 4) => x.toFixed(d);
const s = marketSample();
console.log(`sample: ${s.seeds} seeds × ${s.from}..${s.to}, ${s.latent.length} minute returns`);
for (const q of [5, 30, 195, 390]) {
  const l = varianceRatio(s.latent, q),
    m = varianceRatio(s.quoted, q),
    c = varianceRatio(s.close, q);
  console.log(
    `VR(${q}): latent mid ${f(l.vr)} (z ${f(l.z, 2)}), quoted mid ${f(m.vr)} (z ${f(m.z, 2)}), ` +
      `bar close ${f(c.vr)} (z ${f(c.z, 2)})`,
  );
}
for (
  const [name, r] of [["latent mid", s.latent], ["quoted mid", s.quoted], [
    "bar close",
    s.close,
  ]] as const
) {
  const ac = autocorrelations(r, 1, 100);
  const tail = ac.slice(1);
  const sum = autocorrelationSum(r, 2, 100);
  console.log(
    `${name}: lag-1 ρ ${f(ac[0].rho)} (z ${f(ac[0].z, 2)}); lags 2–100: mean ρ ${
      (sum.sum / 99).toExponential(2)
    } (z of the sum ${f(sum.z, 2)}), ${
      tail.filter((a) => Math.abs(a.z) > 3).length
    } beyond ±3 SE, max |z| ${f(Math.max(...tail.map((a) => Math.abs(a.z))), 2)}`,
  );
}
const abs = s.intraday.map(Math.abs);
const absAc = autocorrelations(abs, 1, 100);
console.log(
  `|r| autocorrelation (intraday latent): lag 1 ${f(absAc[0].rho, 3)}, lag 30 ${
    f(absAc[29].rho, 3)
  }, lag 100 ${f(absAc[99].rho, 3)}; kurtosis of 1-minute returns ${f(kurtosis(s.intraday), 1)}`,
);
const d = sessionStats(s);
console.log(
  `sessions (${d.firstHalf.length} full days): corr(first half, second half) ${
    f(correlation(d.firstHalf, d.secondHalf), 3)
  } (z ${f(correlationZ(d.firstHalf, d.secondHalf), 2)}); corr(session, next overnight) ${
    f(correlation(d.session, d.nextOvernight), 3)
  } (z ${f(correlationZ(d.session, d.nextOvernight), 2)}); daily lag-1 ρ ${
    f(autocorrelations(d.daily, 1, 1)[0].rho, 3)
  }; daily |r| lag-1 ρ ${
    f(autocorrelations(d.daily.map(Math.abs), 1, 1)[0].rho, 3)
  }; daily kurtosis ${f(kurtosis(d.daily), 1)}`,
);
console.log(
  `spread (ticks) open/midday/close ${f(s.spread[0], 2)}/${f(s.spread[1], 2)}/${
    f(s.spread[2], 2)
  }; ` +
    `volume per minute ${f(s.volume[0], 0)}/${f(s.volume[1], 0)}/${f(s.volume[2], 0)}`,
);
const t0 = performance.now();
const sweeps = sweepAcrossSeeds();
for (
  const [label, rows] of [["long-only", sweeps.longOnly], ["long/short", sweeps.longShort]] as const
) {
  const x = sweepSummary(rows);
  console.log(
    `SMA 10×19 sweep ${label}, ${x.seeds} seeds × ${x.members} members: mean Sharpe ${
      f(x.sharpe, 3)
    } ± ${f(x.sharpeSe, 3)} (SE), profitable ${f(100 * x.share, 1)} % ± ${
      f(100 * x.shareSe, 1)
    } %, min/max member Sharpe ${f(x.minSharpe, 2)}/${f(x.maxSharpe, 2)}`,
  );
}
console.log(`(sweeps took ${f((performance.now() - t0) / 1000, 1)} s)`);
