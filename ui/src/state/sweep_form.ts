/**
 * @module
 * The sweep launch form as data: one row per strategy parameter (a fixed value, or a range
 * `from..to` in `step`s, or both values of a switch), the combination count it gives, and the
 * `POST /sweeps` body it becomes. Pure functions, tested without a browser.
 */
import type { SweepBody } from "../api/sweep_types.ts";
import type { StrategyInfo } from "../api/types.ts";

/** One parameter row of the form (text as typed). */
export interface AxisInput {
  name: string;
  type: "integer" | "number" | "boolean" | "string";
  /** Swept (a range or both switch values) or fixed. */
  sweep: boolean;
  value: string;
  from: string;
  to: string;
  step: string;
  min?: number;
  max?: number;
}

/** Most combinations the form lets one launch (the server's own limit is higher). */
export const MAX_FORM_COMBINATIONS = 100_000;

/**
 * The form rows of a strategy's parameters, defaults filled; numeric parameters start fixed
 * at their default except the first two, which start as ranges around it (a 3 × 3 grid).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const rows = axesOf({ id: "s", description: "", defaults: { fast: 20 },
 *   params: { properties: { fast: { type: "integer", default: 20, minimum: 1 } } } });
 * assert.deepEqual([rows[0].sweep, rows[0].from, rows[0].to, rows[0].step], [true, "10", "30", "10"]);
 * ```
 */
export function axesOf(s: StrategyInfo): AxisInput[] {
  const props = s.params.properties ?? {};
  let swept = 0;
  return Object.entries(props).map(([name, raw]) => {
    const p = raw as { type?: string; default?: unknown; minimum?: number; maximum?: number };
    const type = p.type === "integer" || p.type === "number" || p.type === "boolean"
      ? p.type
      : "string";
    const dflt = s.defaults[name] ?? p.default;
    const value = dflt === undefined ? "" : String(dflt);
    const numeric = type === "integer" || type === "number";
    const sweep = numeric && typeof dflt === "number" && swept < 2;
    const d = typeof dflt === "number" ? dflt : 0;
    const step = numeric ? Math.max(type === "integer" ? 1 : 0.1, Math.round(d / 2)) : 1;
    if (sweep) swept++;
    return {
      name,
      type,
      sweep,
      value,
      from: numeric ? String(Math.max(p.minimum ?? -Infinity, d - step)) : "",
      to: numeric ? String(d + step) : "",
      step: String(step),
      min: p.minimum,
      max: p.maximum,
    };
  });
}

/**
 * How many values a swept row takes: `from..to` inclusive in `step`s, 2 for a switch; null
 * when the range is not a range yet.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const row = { name: "fast", type: "integer", sweep: true, value: "", from: "5", to: "15", step: "5" } as const;
 * assert.equal(axisCount(row), 3);
 * ```
 */
export function axisCount(a: AxisInput): number | null {
  if (!a.sweep) return 1;
  if (a.type === "boolean") return 2;
  const [from, to, step] = [a.from, a.to, a.step].map((t) => (t.trim() === "" ? NaN : Number(t)));
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(step > 0) || to < from) return null;
  return Math.floor((to - from) / step + 1e-9) + 1;
}

/** The grid's combinations, or null while a row is not a range yet. */
export function combinations(axes: readonly AxisInput[]): number | null {
  let n = 1;
  for (const a of axes) {
    const c = axisCount(a);
    if (c === null) return null;
    n *= c;
  }
  return n;
}

/** What the form submits besides the parameters. */
export interface SweepFormRun {
  datasetId: string;
  strategyId: string;
  feesBps: string;
  metric: string;
}

/**
 * The `POST /sweeps` body of the form: fixed rows as parameters, swept rows as grid axes in
 * row order (the first two are the heatmap's axes).
 */
export function sweepBody(run: SweepFormRun, axes: readonly AxisInput[]): SweepBody {
  const params: Record<string, unknown> = {};
  const grid: SweepBody["grid"] = {};
  for (const a of axes) {
    if (a.sweep) {
      grid[a.name] = a.type === "boolean"
        ? [false, true]
        : `${a.from.trim()}:${a.to.trim()}:${a.step.trim()}`;
    } else if (a.value.trim() !== "") {
      params[a.name] = a.type === "boolean"
        ? a.value === "true"
        : a.type === "string"
        ? a.value
        : Number(a.value);
    }
  }
  const fees = run.feesBps.trim() === "" ? undefined : Number(run.feesBps);
  return {
    run: {
      dataset_id: run.datasetId,
      strategy: { name: run.strategyId, params },
      ...(fees === undefined ? {} : { execution: { fees_bps: fees } }),
    },
    grid,
    metric: run.metric,
  };
}

/**
 * The form row an API error message is about (`grid.fast: …`, `run.strategy.params.fast: …`,
 * `grid spec "fast=…"`), or null for an error about the whole form.
 */
export function errorField(message: string, names: readonly string[]): string | null {
  for (const n of names) {
    const re = new RegExp(`(^|[.\\s"])(grid\\.${n}|params\\.${n}|${n}=)|\\b${n}\\b`);
    if (re.test(message)) return n;
  }
  return null;
}
