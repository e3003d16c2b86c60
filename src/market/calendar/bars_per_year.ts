/**
 * @module
 * Bars per year for annualising 1-minute statistics: the calendar's mean number of session
 * minutes per year over its whole span (2000–2035), so every run on the same calendar
 * version annualises with the same constant.
 *
 * Counted from the year rules directly (open weekdays × the session's length in minutes,
 * shorter on early closes) rather than through {@link sessionsBetween}'s UTC instants: a
 * session never spans a DST change (those happen at 02:00 on Sundays), so its length in
 * minutes is its local length, the integer total is the same, and a CLI run skips building
 * 9,000 sessions (~60 ms). `bars_per_year_test.ts` checks both counts agree.
 */
import { daysFromCivil, SATURDAY, SUNDAY, weekday } from "./_civil.ts";
import { yearRules } from "./_rules.ts";
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from "./version.ts";

// Session lengths in minutes: regular 09:30–16:00 (13:00 on early closes), extended
// 04:00–20:00 (17:00 on early closes).
const MINUTES = {
  regular: { full: 390, early: 210 },
  extended: { full: 960, early: 780 },
} as const;

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
  n = sessionMinutes(session, CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR) /
    (CALENDAR_LAST_YEAR - CALENDAR_FIRST_YEAR + 1);
  cache.set(session, n);
  return n;
}

/** Total session minutes of the years `first..last` (both inclusive). */
export function sessionMinutes(
  session: "regular" | "extended",
  first: number,
  last: number,
): number {
  const len = MINUTES[session];
  let minutes = 0;
  for (let y = first; y <= last; y++) {
    const rules = yearRules(y);
    const end = daysFromCivil(y + 1, 1, 1);
    for (let day = daysFromCivil(y, 1, 1); day < end; day++) {
      const wd = weekday(day);
      if (wd === SATURDAY || wd === SUNDAY || rules.closed.has(day)) continue;
      minutes += rules.early.has(day) ? len.early : len.full;
    }
  }
  return minutes;
}
