/**
 * @module
 * Which of several runs' figures is the best (the comparison marks it).
 */

/**
 * Index of the best finite figure (highest, or lowest when `lowerIsBetter`), or -1 when there
 * is none or the best is tied (marking one of equal figures would say it is better).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(bestFigure([1.2, null, 3.4], false), 2);
 * assert.equal(bestFigure([20.3, 21.7], true), 0);
 * assert.equal(bestFigure([97_533, 97_533], false), -1);
 * ```
 */
export function bestFigure(vals: readonly (number | null)[], lowerIsBetter: boolean): number {
  let bi = -1;
  vals.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    if (bi < 0 || (lowerIsBetter ? v < vals[bi]! : v > vals[bi]!)) bi = i;
  });
  if (bi >= 0 && vals.filter((v) => v === vals[bi]).length > 1) return -1;
  return bi;
}
