/**
 * @module
 * Parameter grids for sweeps and walk-forward selection: one axis per strategy parameter,
 * each a list of values. Grids come from CLI strings (`fast=5:50:5`, `fast=5,10,20`,
 * `allow_short=true`) or from a JSON object (`{fast: [5, 10], slow: "20:200:10"}`).
 *
 * Value syntax (one axis):
 *  - `start:stop:step` — numbers from `start` to `stop` inclusive in steps of `step` (> 0,
 *    `stop ≥ start`). Values are `start + i·step` rounded to the decimals of `start` and
 *    `step`, so `0.1:0.3:0.1` gives exactly `[0.1, 0.2, 0.3]`; `stop` is kept when it lies
 *    on the grid within 1e-9 of a step.
 *  - `a,b,c` — a list; each item is a scalar.
 *  - one scalar: `true` / `false` are booleans, decimal numbers are numbers, anything else is
 *    a string (e.g. `field=close`).
 * An axis holds at most {@link MAX_AXIS_VALUES} values and no duplicates.
 */
import { ValidationError } from "../../domain/errors.ts";

/** One value a grid axis can take. */
export type GridValue = number | boolean | string;

/** One parameter of a grid and the values it takes, in sweep order. */
export interface GridAxis {
  readonly name: string;
  readonly values: readonly GridValue[];
}

/** A parameter grid: axes in the order given (the first varies slowest when expanded). */
export type Grid = readonly GridAxis[];

/** Most values one axis may hold. */
export const MAX_AXIS_VALUES = 10_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses CLI grid specs, one axis each, in order.
 *
 * @param specs strings like `fast=5:50:5`, `slow=20,50,100`, `allow_short=true`
 * @returns the grid (axes in the order of `specs`)
 * @throws {ValidationError} naming the bad spec, e.g.
 *   `grid spec "fast=50:5:5": stop (5) is below start (50)`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseGrid(["fast=5:15:5", "allow_short=true"]), [
 *   { name: "fast", values: [5, 10, 15] },
 *   { name: "allow_short", values: [true] },
 * ]);
 * ```
 */
export function parseGrid(specs: readonly string[]): Grid {
  const axes: GridAxis[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq < 0) throw specError(spec, "expected name=values");
    const name = spec.slice(0, eq).trim();
    checkName(name, (m) => specError(spec, m));
    if (axes.some((a) => a.name === name)) throw specError(spec, `"${name}" is given twice`);
    axes.push({ name, values: parseAxisValues(spec.slice(eq + 1), (m) => specError(spec, m)) });
  }
  return axes;
}

/**
 * Builds a grid from a JSON object: each value is an array of scalars or a string in the
 * CLI value syntax. Axes keep the object's key order.
 *
 * @param raw e.g. `{ fast: [5, 10], slow: "20:200:10" }`
 * @returns the grid
 * @throws {ValidationError} naming the bad parameter, e.g. `grid.fast: duplicate value 5`
 */
export function gridFromRecord(raw: Readonly<Record<string, readonly GridValue[] | string>>): Grid {
  const axes: GridAxis[] = [];
  for (const [name, spec] of Object.entries(raw)) {
    const fail = (m: string) => new ValidationError(`grid.${name}: ${m}`);
    checkName(name, fail);
    if (typeof spec === "string") {
      axes.push({ name, values: parseAxisValues(spec, fail) });
      continue;
    }
    if (spec.length === 0) throw fail("has no values");
    for (const v of spec) {
      if (typeof v === "number" && !Number.isFinite(v)) throw fail(`${v} is not a finite number`);
      if (typeof v === "string" && v.length === 0) throw fail("has an empty value");
    }
    axes.push({ name, values: checkAxis([...spec], fail) });
  }
  return axes;
}

/** Number of combinations of `grid` (1 for an empty grid). */
export function gridSize(grid: Grid): number {
  let n = 1;
  for (const axis of grid) n *= axis.values.length;
  return n;
}

function parseAxisValues(text: string, fail: (m: string) => ValidationError): GridValue[] {
  const body = text.trim();
  if (body === "") throw fail("has no values");
  if (body.includes(":")) return checkAxis(parseRange(body, fail), fail);
  if (body.includes(",")) return checkAxis(body.split(",").map((t) => scalar(t, fail)), fail);
  return [scalar(body, fail)];
}

function parseRange(body: string, fail: (m: string) => ValidationError): number[] {
  const parts = body.split(":").map((p) => p.trim());
  if (parts.length !== 3) throw fail("a range is start:stop:step");
  const [start, stop, step] = parts.map((p, i) => {
    if (!NUMBER.test(p)) throw fail(`${["start", "stop", "step"][i]} "${p}" is not a number`);
    return Number(p);
  });
  if (!(step > 0)) throw fail(`step (${step}) must be > 0`);
  if (stop < start) throw fail(`stop (${stop}) is below start (${start})`);
  const count = Math.floor((stop - start) / step + 1e-9) + 1;
  if (count > MAX_AXIS_VALUES) {
    throw fail(`range has ${count} values; at most ${MAX_AXIS_VALUES} allowed`);
  }
  const digits = Math.max(decimals(start), decimals(step));
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Number((start + i * step).toFixed(digits)));
  return out;
}

/** Fewest decimals (≤ 15) that print `x` exactly. */
function decimals(x: number): number {
  for (let d = 0; d < 15; d++) if (Number(x.toFixed(d)) === x) return d;
  return 15;
}

function scalar(token: string, fail: (m: string) => ValidationError): GridValue {
  const t = token.trim();
  if (t === "") throw fail("has an empty value");
  if (t === "true") return true;
  if (t === "false") return false;
  if (NUMBER.test(t)) {
    const v = Number(t);
    if (!Number.isFinite(v)) throw fail(`${t} is not a finite number`);
    return v;
  }
  return t;
}

function checkAxis(values: GridValue[], fail: (m: string) => ValidationError): GridValue[] {
  if (values.length > MAX_AXIS_VALUES) {
    throw fail(`has ${values.length} values; at most ${MAX_AXIS_VALUES} allowed`);
  }
  const seen = new Set<GridValue>();
  for (const v of values) {
    if (seen.has(v)) throw fail(`duplicate value ${JSON.stringify(v)}`);
    seen.add(v);
  }
  return values;
}

function checkName(name: string, fail: (m: string) => ValidationError): void {
  if (!NAME.test(name)) throw fail(`"${name}" is not a parameter name`);
}

function specError(spec: string, message: string): ValidationError {
  return new ValidationError(`grid spec ${JSON.stringify(spec)}: ${message}`);
}
