/**
 * @module
 * Bars per year for annualising 1-minute statistics: the calendar's mean number of session
 * minutes per year over its whole span (2000–2035), so every run on the same calendar
 * version annualises with the same constant.
 */
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from "./version.ts";
import { sessionsBetween } from "./sessions.ts";

const cache = new Map<string, number>();

/**
 * Mean 1-minute bars per calendar year.
 * @param session "regular" (09:30–16:00 ET) or "extended" (04:00–20:00 ET)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const n = barsPerYear("regular");
 * assert.ok(n > 97_000 && n < 98_500);
 * ```
 */
export function barsPerYear(session: "regular" | "extended"): number {
  let n = cache.get(session);
  if (n !== undefined) return n;
  const sessions = sessionsBetween(`${CALENDAR_FIRST_YEAR}-01-01`, `${CALENDAR_LAST_YEAR}-12-31`);
  let minutes = 0;
  for (const s of sessions) {
    minutes += session === "regular"
      ? (s.closeMs - s.openMs) / 60_000
      : (s.postCloseMs - s.preOpenMs) / 60_000;
  }
  n = minutes / (CALENDAR_LAST_YEAR - CALENDAR_FIRST_YEAR + 1);
  cache.set(session, n);
  return n;
}
