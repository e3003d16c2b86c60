/**
 * @module
 * Expands a parameter grid into the sweep's members, in row-major order over the axes as
 * given: the last axis varies fastest. For `fast=5,10` × `slow=20,30` the order is
 * (5,20), (5,30), (10,20), (10,30). Each combination is the base parameters overridden by the
 * grid values; with a strategy id it is validated by the strategy's schema and combinations
 * the schema rejects (e.g. `fast ≥ slow`) are skipped and counted, not errors.
 */
import { ValidationError } from "../../domain/errors.ts";
import { parseStrategyParams, type StrategyParams } from "../strategies/mod.ts";
import { type Grid, gridSize } from "./grid.ts";

/** Most combinations one grid may expand to. */
export const MAX_GRID_COMBINATIONS = 100_000;

/** The members of a grid and what was left out. */
export interface GridExpansion {
  /** Product of the axis sizes (members + skipped). */
  combinations: number;
  /** Valid parameter sets in row-major order (parsed, defaults filled, with a strategy id). */
  members: StrategyParams[];
  /** Combinations the strategy's schema rejected. */
  skipped: number;
  /** Why the first skipped combination was rejected (null when none was). */
  firstSkipReason: string | null;
}

/**
 * Expands `grid` over `baseParams`.
 *
 * @param grid the axes (see `parseGrid` / `gridFromRecord`)
 * @param baseParams parameters every member starts from (grid values override them)
 * @param strategyId when given, members are parsed by this strategy's schema and the
 *   rejected combinations skipped; without it members are the raw merged objects
 * @returns members in row-major order, the skipped count and the first skip reason
 * @throws {ValidationError} when the grid has more than {@link MAX_GRID_COMBINATIONS}
 *   combinations, names a parameter the strategy does not have, or when every combination is
 *   rejected (the message quotes the first rejection)
 * @throws {NotFoundError} `STRATEGY_NOT_FOUND`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const e = expandGrid(
 *   [{ name: "fast", values: [5, 20] }, { name: "slow", values: [10, 30] }],
 *   {},
 *   "sma_crossover",
 * );
 * assert.deepEqual(e.members.map((p) => [p.fast, p.slow]), [[5, 10], [5, 30], [20, 30]]);
 * assert.equal(e.skipped, 1);
 * ```
 */
export function expandGrid(
  grid: Grid,
  baseParams: Readonly<Record<string, unknown>> = {},
  strategyId?: string,
): GridExpansion {
  const combinations = gridSize(grid);
  if (combinations > MAX_GRID_COMBINATIONS) {
    throw new ValidationError(
      `grid has ${combinations} combinations; at most ${MAX_GRID_COMBINATIONS} allowed`,
    );
  }
  if (strategyId !== undefined) checkNames(grid, strategyId);
  const members: StrategyParams[] = [];
  let skipped = 0;
  let firstSkipReason: string | null = null;
  const at = new Array<number>(grid.length).fill(0);
  for (let c = 0; c < combinations; c++) {
    const raw: Record<string, unknown> = { ...baseParams };
    for (let a = 0; a < grid.length; a++) raw[grid[a].name] = grid[a].values[at[a]];
    if (strategyId === undefined) members.push(raw);
    else {
      try {
        members.push(parseStrategyParams(strategyId, raw));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        skipped++;
        firstSkipReason ??= err.message;
      }
    }
    // Odometer: the last axis turns fastest.
    for (let a = grid.length - 1; a >= 0; a--) {
      if (++at[a] < grid[a].values.length) break;
      at[a] = 0;
    }
  }
  if (members.length === 0 && skipped > 0) {
    throw new ValidationError(
      `grid: all ${skipped} combinations are invalid; first: ${firstSkipReason}`,
    );
  }
  return { combinations, members, skipped, firstSkipReason };
}

/** A misspelt axis would reject every combination; name it instead. */
function checkNames(grid: Grid, strategyId: string): void {
  const known = Object.keys(parseStrategyParams(strategyId, {}));
  for (const axis of grid) {
    if (!known.includes(axis.name)) {
      throw new ValidationError(
        `grid: "${axis.name}" is not a parameter of ${strategyId} (known: ${
          known.sort().join(", ")
        })`,
      );
    }
  }
}
