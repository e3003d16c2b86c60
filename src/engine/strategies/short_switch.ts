/**
 * @module
 * One short switch. A run can ask for shorts in two places — the execution's `allow_short`
 * (`--allow-short`, `execution.allow_short`) and a strategy's own `allow_short` parameter
 * (`--param allow_short=true`). They mean the same thing: either one turns shorts on, and the
 * normalised config carries the result in both places, so the strategy emits −1 signals and
 * the simulator takes them. Two spellings of one request give one config (one run id).
 */

/**
 * Applies the short switch to validated strategy parameters.
 * @param params the strategy's parsed parameters (with defaults)
 * @param executionAllows the execution's `allow_short`
 * @returns the parameters to run with and whether shorts are allowed
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(shortSwitch({ fast: 5, slow: 20, allow_short: false }, true), {
 *   params: { fast: 5, slow: 20, allow_short: true },
 *   allow_short: true,
 * });
 * ```
 */
export function shortSwitch(
  params: Record<string, unknown>,
  executionAllows: boolean,
): { params: Record<string, unknown>; allow_short: boolean } {
  const allowShort = executionAllows || params.allow_short === true;
  // Only a strategy that has the parameter gets it; others keep their own shape.
  return {
    params: "allow_short" in params ? { ...params, allow_short: allowShort } : params,
    allow_short: allowShort,
  };
}
