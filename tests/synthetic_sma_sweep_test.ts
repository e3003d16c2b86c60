/**
 * @module
 * The synthetic market gives trend following no edge: across 20 independent seeds (a quarter
 * of 1-minute bars each, derived from the generated records), the 10 × 19 SMA crossover sweep
 * run with zero costs by the engine's own sweep code has a mean Sharpe ratio within sampling
 * error of 0 and about half of its members profitable, long-only and long/short. The sampling
 * error is the spread of the per-seed figures across seeds: the members of one seed share a
 * price path and are far from independent; seeds are independent.
 */

import assert from "node:assert/strict";
import { type SeedSweep, sweepAcrossSeeds, sweepSummary } from "./testing/synthetic_sweep.ts";

let sweeps: { longOnly: SeedSweep[]; longShort: SeedSweep[] } | null = null;

function check(seeds: SeedSweep[], label: string): void {
  const s = sweepSummary(seeds);
  assert.equal(s.seeds, 20);
  assert.equal(s.members, 174);
  assert.ok(
    Math.abs(s.sharpe) < 3 * s.sharpeSe,
    `${label}: mean Sharpe ${s.sharpe} vs its standard error ${s.sharpeSe}`,
  );
  assert.ok(
    Math.abs(s.share - 0.5) < 3 * s.shareSe && s.share > 0.3 && s.share < 0.7,
    `${label}: share profitable ${s.share} (standard error ${s.shareSe})`,
  );
}

Deno.test("the long-only SMA sweep has no edge on the synthetic market across 20 seeds", () => {
  sweeps ??= sweepAcrossSeeds();
  check(sweeps.longOnly, "long-only");
});

Deno.test("the long/short SMA sweep has no edge on the synthetic market across 20 seeds", () => {
  sweeps ??= sweepAcrossSeeds();
  check(sweeps.longShort, "long/short");
});
