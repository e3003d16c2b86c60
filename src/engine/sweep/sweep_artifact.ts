/**
 * @module
 * The sweep's artifact: a table of parameters and metrics, one row per member (columns ready
 * for Parquet or JSON), and a heatmap-ready matrix of one metric over the first two grid axes.
 *
 * Table columns, in order: `member`, then `param_<name>` for every parameter (grid axes in
 * grid order, then the other parameters sorted by name), then every metric under its
 * metrics.json name. Rows are sorted by member index.
 *
 * Heatmap: `x` is the first axis, `y` the second (null for a one-axis grid), and
 * `z[yi][xi]` the metric of the member with those two values; null where the combination
 * was skipped (rejected by the strategy's schema) or the metric is null. With more than two
 * axes, each cell reduces the members sharing its (x, y) values with `reduce` (the best
 * Sharpe over the other axes by default), ignoring nulls.
 */
import { ValidationError } from "../../domain/errors.ts";
import type { Metrics } from "../metrics/mod.ts";
import type { Grid, GridValue } from "./grid.ts";
import type { SweepRow } from "./run_sweep.ts";

/** A table cell: a parameter value or a metric (null when undefined). */
export type SweepCell = number | boolean | string | null;

/** Column-oriented table of a sweep; every column has `length` cells. */
export interface SweepTable {
  length: number;
  /** Columns by name, in the documented order. */
  columns: Record<string, SweepCell[]>;
}

/** One metric over the first two grid axes. */
export interface SweepHeatmap {
  metric: keyof Metrics;
  reduce: "max" | "min";
  x: { param: string; values: GridValue[] };
  y: { param: string; values: GridValue[] } | null;
  /** `z[yi][xi]`; one row when `y` is null. */
  z: (number | null)[][];
}

/** A sweep's table and heatmap. */
export interface SweepArtifact {
  table: SweepTable;
  /** Null for a grid without axes. */
  heatmap: SweepHeatmap | null;
}

/** Options of {@link sweepArtifact}. */
export interface SweepArtifactOptions {
  /** Metric of the heatmap. @default "sharpe" */
  metric?: keyof Metrics;
  /** How cells sharing (x, y) combine over further axes. @default "max" */
  reduce?: "max" | "min";
}

/**
 * Builds the table and heatmap of a sweep.
 *
 * @param rows sweep rows in any order (e.g. merged from several workers)
 * @param grid the grid the members were expanded from
 * @param options heatmap metric and reduction
 * @throws {ValidationError} for an unknown metric or two rows of the same member
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Metrics } from "../metrics/mod.ts";
 * const row = (member: number, fast: number, slow: number, sharpe: number) => ({
 *   member, params: { fast, slow }, metrics: { sharpe } as unknown as Metrics,
 * });
 * const grid = [{ name: "fast", values: [5, 20] }, { name: "slow", values: [10, 30] }];
 * const a = sweepArtifact([row(0, 5, 10, 1), row(1, 5, 30, 2), row(2, 20, 30, 3)], grid);
 * assert.deepEqual(a.heatmap!.z, [[1, null], [2, 3]]);
 * ```
 */
export function sweepArtifact(
  rows: readonly SweepRow[],
  grid: Grid,
  options: SweepArtifactOptions = {},
): SweepArtifact {
  const metric = options.metric ?? "sharpe";
  const reduce = options.reduce ?? "max";
  const sorted = [...rows].sort((a, b) => a.member - b.member);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].member === sorted[i - 1].member) {
      throw new ValidationError(`sweep: member ${sorted[i].member} appears twice`);
    }
  }
  if (sorted.length > 0 && !(metric in sorted[0].metrics)) {
    throw new ValidationError(`sweep: unknown metric "${metric}"`);
  }
  return { table: table(sorted, grid), heatmap: heatmap(sorted, grid, metric, reduce) };
}

function table(rows: readonly SweepRow[], grid: Grid): SweepTable {
  const axisNames = grid.map((a) => a.name);
  const others = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.params)) others.add(k);
  for (const k of axisNames) others.delete(k);
  const paramNames = [...axisNames, ...[...others].sort()];
  const metricNames = rows.length > 0 ? Object.keys(rows[0].metrics) : [];
  const columns: Record<string, SweepCell[]> = { member: rows.map((r) => r.member) };
  for (const p of paramNames) columns[`param_${p}`] = rows.map((r) => cell(r.params[p]));
  for (const m of metricNames) {
    columns[m] = rows.map((r) => (r.metrics as unknown as Record<string, number | null>)[m]);
  }
  return { length: rows.length, columns };
}

function heatmap(
  rows: readonly SweepRow[],
  grid: Grid,
  metric: keyof Metrics,
  reduce: "max" | "min",
): SweepHeatmap | null {
  if (grid.length === 0) return null;
  const xAxis = grid[0];
  const yAxis = grid.length > 1 ? grid[1] : null;
  const ny = yAxis === null ? 1 : yAxis.values.length;
  const z: (number | null)[][] = [];
  for (let i = 0; i < ny; i++) z.push(new Array<number | null>(xAxis.values.length).fill(null));
  for (const r of rows) {
    const xi = xAxis.values.indexOf(r.params[xAxis.name] as GridValue);
    const yi = yAxis === null ? 0 : yAxis.values.indexOf(r.params[yAxis.name] as GridValue);
    const v = r.metrics[metric];
    if (xi < 0 || yi < 0 || v === null) continue;
    const cur = z[yi][xi];
    z[yi][xi] = cur === null ? v : reduce === "max" ? Math.max(cur, v) : Math.min(cur, v);
  }
  return {
    metric,
    reduce,
    x: { param: xAxis.name, values: [...xAxis.values] },
    y: yAxis === null ? null : { param: yAxis.name, values: [...yAxis.values] },
    z,
  };
}

function cell(v: unknown): SweepCell {
  if (v === undefined || v === null) return null;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  return JSON.stringify(v);
}
