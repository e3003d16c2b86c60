/**
 * @module
 * The NASDAQ closure and early-close rules per year (day numbers → names). The public
 * functions in `holidays.ts` and `sessions.ts` read this table; the rules themselves are
 * documented in `mod.ts`.
 */

import {
  checkYear,
  daysFromCivil,
  easterSunday,
  FRIDAY,
  lastWeekday,
  MONDAY,
  nthWeekday,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  WEDNESDAY,
  weekday,
} from "./_civil.ts";

/** Full closures and 13:00 early closes of one year, keyed by day number. */
export interface YearRules {
  /** Weekdays on which the market is closed all day, with the holiday's name. */
  readonly closed: ReadonlyMap<number, string>;
  /** Trading days that close at 13:00 ET, with the reason. */
  readonly early: ReadonlyMap<number, string>;
}

/** Unscheduled full-day closures, `[YYYY, MM, DD, name]`. */
const SPECIAL_CLOSURES: readonly (readonly [number, number, number, string])[] = [
  [2001, 9, 11, "September 11 attacks"],
  [2001, 9, 12, "September 11 attacks"],
  [2001, 9, 13, "September 11 attacks"],
  [2001, 9, 14, "September 11 attacks"],
  [2004, 6, 11, "National Day of Mourning for President Ronald Reagan"],
  [2007, 1, 2, "National Day of Mourning for President Gerald R. Ford"],
  [2012, 10, 29, "Hurricane Sandy"],
  [2012, 10, 30, "Hurricane Sandy"],
  [2018, 12, 5, "National Day of Mourning for President George H. W. Bush"],
  [2025, 1, 9, "National Day of Mourning for President Jimmy Carter"],
];

/** Unscheduled 13:00 early closes, `[YYYY, MM, DD, reason]`. */
const SPECIAL_EARLY_CLOSES: readonly (readonly [number, number, number, string])[] = [
  [2003, 12, 26, "Day after Christmas"],
];

const cache = new Map<number, YearRules>();

/**
 * The closures and early closes of `year`.
 * @throws {ValidationError} when `year` is outside the calendar range
 */
export function yearRules(year: number): YearRules {
  let rules = cache.get(year);
  if (rules === undefined) {
    checkYear(year);
    rules = buildYear(year);
    cache.set(year, rules);
  }
  return rules;
}

function buildYear(y: number): YearRules {
  const closed = new Map<number, string>();
  // New Year's Day on a Saturday is not observed on Friday Dec 31 (NYSE Rule 7.2).
  const newYear = daysFromCivil(y, 1, 1);
  if (weekday(newYear) === SUNDAY) closed.set(newYear + 1, "New Year's Day (observed)");
  else if (weekday(newYear) !== SATURDAY) closed.set(newYear, "New Year's Day");
  closed.set(nthWeekday(y, 1, MONDAY, 3), "Martin Luther King Jr. Day");
  closed.set(nthWeekday(y, 2, MONDAY, 3), "Washington's Birthday");
  closed.set(easterSunday(y) - 2, "Good Friday");
  closed.set(lastWeekday(y, 5, MONDAY), "Memorial Day");
  if (y >= 2022) setObserved(closed, y, 6, 19, "Juneteenth National Independence Day");
  setObserved(closed, y, 7, 4, "Independence Day");
  closed.set(nthWeekday(y, 9, MONDAY, 1), "Labor Day");
  const thanksgiving = nthWeekday(y, 11, THURSDAY, 4);
  closed.set(thanksgiving, "Thanksgiving Day");
  setObserved(closed, y, 12, 25, "Christmas Day");
  for (const [yy, m, d, name] of SPECIAL_CLOSURES) {
    if (yy === y) closed.set(daysFromCivil(y, m, d), name);
  }

  const early = new Map<number, string>();
  const july3 = daysFromCivil(y, 7, 3);
  const wd3 = weekday(july3);
  // July 3 Mon/Tue/Thu always; a Wednesday July 3 only from 2013 — before that the
  // half day was Friday July 5 instead.
  if (wd3 >= MONDAY && wd3 <= THURSDAY && (wd3 !== WEDNESDAY || y >= 2013)) {
    early.set(july3, "Independence Day eve");
  }
  if (y < 2013 && weekday(july3 + 2) === FRIDAY) early.set(july3 + 2, "Day after Independence Day");
  early.set(thanksgiving + 1, "Day after Thanksgiving");
  const dec24 = daysFromCivil(y, 12, 24);
  if (weekday(dec24) >= MONDAY && weekday(dec24) <= THURSDAY) early.set(dec24, "Christmas Eve");
  for (const [yy, m, d, reason] of SPECIAL_EARLY_CLOSES) {
    if (yy === y) early.set(daysFromCivil(y, m, d), reason);
  }
  for (const day of closed.keys()) early.delete(day);
  return { closed, early };
}

/** Fixed-date holiday observed on Friday when it falls on Saturday, Monday when on Sunday. */
function setObserved(closed: Map<number, string>, y: number, m: number, d: number, name: string) {
  const day = daysFromCivil(y, m, d);
  const wd = weekday(day);
  if (wd === SATURDAY) closed.set(day - 1, `${name} (observed)`);
  else if (wd === SUNDAY) closed.set(day + 1, `${name} (observed)`);
  else closed.set(day, name);
}
