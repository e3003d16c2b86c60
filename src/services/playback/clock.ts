/**
 * @module
 * The clock a playback session runs on: monotonic milliseconds and one-shot timers. The
 * server uses {@link systemClock}; tests inject a fake one and move time by hand.
 */

/** Monotonic time and timers. */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): number;
  /** Cancels a pending timer (unknown or fired handles are ignored). */
  clearTimeout(handle: number): void;
}

/** `performance.now()` and the runtime's timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  // Deno returns a number; the node typings in scope would call it a Timeout.
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)) as unknown as number,
  clearTimeout: (handle) => clearTimeout(handle),
};
