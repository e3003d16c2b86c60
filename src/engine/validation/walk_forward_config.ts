/**
 * @module
 * The walk-forward request: its schema, defaults and parsed form. Apart from the analysis
 * (`walk_forward.ts`) so the run config can check a request without importing the engine
 * code that runs it.
 */
import { z } from "zod";
import { ValidationError } from "../../domain/errors.ts";
import { type Grid, gridFromRecord } from "../sweep/grid.ts";

/** A parsed walk-forward request. */
export interface WalkForwardConfig {
  /** Number of folds k. */
  folds: number;
  /** Train window: bars (whole number ≥ 1) or a fraction of all bars (in (0, 1)). */
  train: number;
  /** Test window, like `train`; null = ⌊(T − train bars) / folds⌋. */
  test: number | null;
  /** Train windows all start at bar 0 (growing) instead of rolling. */
  anchored: boolean;
  /** Parameters to pick from on each train window; null = the run's own parameters. */
  grid: Grid | null;
}

const windowSize = z.number().positive().refine((v) => v < 1 || Number.isInteger(v), {
  error: "must be a fraction in (0, 1) or a whole number of bars",
});
const gridValue = z.union([z.number().finite(), z.boolean(), z.string().min(1)]);

/** Raw walk-forward request accepted by {@link parseWalkForwardConfig}. */
export const walkForwardSchema = z.strictObject({
  folds: z.number().int().min(1).max(1000).default(5),
  train: windowSize.default(0.5),
  test: windowSize.optional(),
  anchored: z.boolean().default(false),
  grid: z.record(z.string(), z.union([z.array(gridValue).min(1), z.string()])).optional(),
});

/**
 * Validates a walk-forward request; `undefined`, `null` and `true` (as in a validation block's
 * `"walk_forward": true`) mean all defaults.
 *
 * @param raw `{folds?, train?, test?, anchored?, grid?: {param: [values] | "start:stop:step"}}`
 * @returns the config (grid parsed, axes in key order)
 * @throws {ValidationError} naming the field, e.g. `walk_forward.train: must be a fraction…`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const c = parseWalkForwardConfig({ folds: 3, grid: { fast: "5:15:5" } });
 * assert.equal(c.train, 0.5);
 * assert.deepEqual(c.grid, [{ name: "fast", values: [5, 10, 15] }]);
 * ```
 */
export function parseWalkForwardConfig(raw: unknown): WalkForwardConfig {
  const parsed = walkForwardSchema.safeParse(raw === true || raw == null ? {} : raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ["walk_forward", ...issue.path.map(String)].join(".");
    throw new ValidationError(`${path}: ${issue.message}`, {
      issues: parsed.error.issues.map((i) => ({ ...i, path: ["walk_forward", ...i.path] })),
    });
  }
  const r = parsed.data;
  let grid: Grid | null = null;
  if (r.grid !== undefined) {
    try {
      grid = gridFromRecord(r.grid);
    } catch (err) {
      if (err instanceof ValidationError) {
        throw new ValidationError(`walk_forward.${err.message}`);
      }
      throw err;
    }
  }
  return { folds: r.folds, train: r.train, test: r.test ?? null, anchored: r.anchored, grid };
}
