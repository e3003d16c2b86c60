/**
 * @module
 * Tests of the sweep artifact (table columns, heatmap with skipped cells and reduction over
 * further axes) and of the members as DSR trials.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { randomBars } from "../testing/bar_fixtures.ts";
import type { Metrics } from "../metrics/mod.ts";
import { parseRunConfig } from "../run_config.ts";
import { expandGrid } from "./expand_grid.ts";
import { parseGrid } from "./grid.ts";
import { runSweepMembers, type SweepRow } from "./run_sweep.ts";
import { sweepArtifact } from "./sweep_artifact.ts";
import { sweepTrials } from "./sweep_trials.ts";

const BASE = parseRunConfig({ dataset_id: "t", strategy_id: "sma_crossover" });

function sweep(specs: string[]): { rows: SweepRow[]; grid: ReturnType<typeof parseGrid> } {
  const grid = parseGrid(specs);
  const members = expandGrid(grid, {}, "sma_crossover").members;
  const rows = runSweepMembers(randomBars(1_500, 5), BASE, members, 0, members.length, 98_000);
  return { rows, grid };
}

Deno.test("sweepArtifact() tabulates params and metrics per member in member order", () => {
  const { rows, grid } = sweep(["fast=5,20", "slow=10,30"]);
  // (20, 10) is skipped: members are (5,10), (5,30), (20,30).
  const a = sweepArtifact([rows[2], rows[0], rows[1]], grid);
  const names = Object.keys(a.table.columns);
  assert.deepEqual(names.slice(0, 5), [
    "member",
    "param_fast",
    "param_slow",
    "param_allow_short",
    "total_return",
  ]);
  assert.equal(names.length, 4 + Object.keys(rows[0].metrics).length);
  assert.equal(a.table.length, 3);
  assert.deepEqual(a.table.columns.member, [0, 1, 2]);
  assert.deepEqual(a.table.columns.param_fast, [5, 5, 20]);
  assert.deepEqual(a.table.columns.param_slow, [10, 30, 30]);
  assert.deepEqual(a.table.columns.param_allow_short, [false, false, false]);
  assert.deepEqual(a.table.columns.sharpe, rows.map((r) => r.metrics.sharpe));
  assert.deepEqual(a.table.columns.trades, rows.map((r) => r.metrics.trades));
});

Deno.test("sweepArtifact() maps the first two axes to a heatmap with null for skipped cells", () => {
  const { rows, grid } = sweep(["fast=5,20", "slow=10,30"]);
  const a = sweepArtifact(rows, grid);
  const h = a.heatmap!;
  assert.equal(h.metric, "sharpe");
  assert.deepEqual(h.x, { param: "fast", values: [5, 20] });
  assert.deepEqual(h.y, { param: "slow", values: [10, 30] });
  const s = rows.map((r) => r.metrics.sharpe);
  assert.deepEqual(h.z, [[s[0], null], [s[1], s[2]]]);
  const dd = sweepArtifact(rows, grid, { metric: "max_drawdown" }).heatmap!;
  assert.deepEqual(dd.z, [[rows[0].metrics.max_drawdown, null], [
    rows[1].metrics.max_drawdown,
    rows[2].metrics.max_drawdown,
  ]]);
});

Deno.test("sweepArtifact() reduces further axes per cell and handles a one-axis grid", () => {
  const { rows, grid } = sweep(["fast=5,20", "slow=30,60", "allow_short=false,true"]);
  assert.equal(rows.length, 8);
  const r = (fast: number, slow: number) =>
    rows.filter((x) => x.params.fast === fast && x.params.slow === slow)
      .map((x) => x.metrics.total_return);
  const max = sweepArtifact(rows, grid, { metric: "total_return" }).heatmap!;
  const min = sweepArtifact(rows, grid, { metric: "total_return", reduce: "min" }).heatmap!;
  assert.deepEqual(max.z, [[Math.max(...r(5, 30)), Math.max(...r(20, 30))], [
    Math.max(...r(5, 60)),
    Math.max(...r(20, 60)),
  ]]);
  assert.deepEqual(min.z[1], [Math.min(...r(5, 60)), Math.min(...r(20, 60))]);
  const one = sweep(["fast=5,10,15"]);
  const h = sweepArtifact(one.rows, one.grid, { metric: "trades" }).heatmap!;
  assert.equal(h.y, null);
  assert.deepEqual(h.z, [one.rows.map((x) => x.metrics.trades)]);
  assert.equal(sweepArtifact(one.rows, []).heatmap, null);
});

Deno.test("sweepArtifact() refuses unknown metrics and duplicate members", () => {
  const { rows, grid } = sweep(["fast=5,10"]);
  assert.throws(
    () => sweepArtifact(rows, grid, { metric: "nope" as keyof Metrics }),
    (err: unknown) =>
      err instanceof ValidationError && err.message === 'sweep: unknown metric "nope"',
  );
  assert.throws(() => sweepArtifact([rows[0], rows[0]], grid), {
    message: "sweep: member 0 appears twice",
  });
});

Deno.test("sweepTrials() lists Sharpe ratios in member order with their sample variance", () => {
  const { rows } = sweep(["fast=5,10,15", "slow=30"]);
  const t = sweepTrials([rows[2], rows[0], rows[1]]);
  const s = rows.map((r) => r.metrics.sharpe!);
  assert.equal(t.trials, 3);
  assert.equal(t.finite, 3);
  assert.deepEqual(t.sharpe, s);
  const mean = (s[0] + s[1] + s[2]) / 3;
  assert.equal(t.mean, mean);
  const v = ((s[0] - mean) ** 2 + (s[1] - mean) ** 2 + (s[2] - mean) ** 2) / 2;
  assert.ok(Math.abs(t.variance! - v) <= 1e-12 * v);
  const row = (member: number, sharpe: number | null): SweepRow => ({
    member,
    params: {},
    metrics: { sharpe } as unknown as Metrics,
  });
  assert.deepEqual(sweepTrials([row(0, null), row(1, 2)]), {
    trials: 2,
    sharpe: [null, 2],
    finite: 1,
    mean: 2,
    variance: null,
  });
  assert.deepEqual(sweepTrials([]), {
    trials: 0,
    sharpe: [],
    finite: 0,
    mean: null,
    variance: null,
  });
});
