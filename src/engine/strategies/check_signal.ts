/**
 * @module
 * The signal contract every strategy output must meet before sizing reads it.
 */
import type { Signal } from "../types.ts";
import { HewstonError } from "../../domain/errors.ts";

/**
 * Checks that `signal` has one value per bar and only −1, 0 or +1.
 *
 * @param id strategy id, for the message
 * @param signal the strategy's output
 * @param length number of bars
 * @throws {HewstonError} `STRATEGY_INVALID` (status 500: a bug in the strategy, not the input)
 */
export function assertSignal(id: string, signal: Signal, length: number): void {
  if (!(signal instanceof Int8Array) || signal.length !== length) {
    throw new HewstonError(
      "STRATEGY_INVALID",
      `strategy "${id}" returned ${signal.length} signals for ${length} bars`,
      { status: 500 },
    );
  }
  // Fast check first: v² is 0 or 1 for the allowed values and ≥ 4 for any other, so the OR
  // of all squares is ≤ 1 exactly when every value is allowed. The slow loop below only runs
  // to name the first bad bar.
  let acc = 0;
  let t = 0;
  for (; t + 3 < length; t += 4) {
    const a = signal[t];
    const b = signal[t + 1];
    const c = signal[t + 2];
    const d = signal[t + 3];
    acc |= a * a | b * b | c * c | d * d;
  }
  for (; t < length; t++) acc |= signal[t] * signal[t];
  if (acc <= 1) return;
  for (let t = 0; t < length; t++) {
    const s = signal[t];
    if (s !== 0 && s !== 1 && s !== -1) {
      throw new HewstonError(
        "STRATEGY_INVALID",
        `strategy "${id}" returned signal ${s} at bar ${t} (allowed: -1, 0, 1)`,
        { status: 500 },
      );
    }
  }
}
