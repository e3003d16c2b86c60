/**
 * @module
 * Proleptic Gregorian date arithmetic on day numbers (days since 1970-01-01), plus strict
 * parsing of `YYYY-MM-DD` within the calendar's year range. Pure integer arithmetic: no `Date`
 * parsing, no time zone database.
 */

import { ValidationError } from "../../domain/errors.ts";
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from "./version.ts";

/** Milliseconds in a civil (UTC) day. */
export const MS_PER_DAY = 86_400_000;

/** Sunday, as numbered by {@link weekday}. */
export const SUNDAY = 0;
/** Monday, as numbered by {@link weekday}. */
export const MONDAY = 1;
/** Tuesday, as numbered by {@link weekday}. */
export const TUESDAY = 2;
/** Wednesday, as numbered by {@link weekday}. */
export const WEDNESDAY = 3;
/** Thursday, as numbered by {@link weekday}. */
export const THURSDAY = 4;
/** Friday, as numbered by {@link weekday}. */
export const FRIDAY = 5;
/** Saturday, as numbered by {@link weekday}. */
export const SATURDAY = 6;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a civil date (H. Hinnant's `days_from_civil`); `m` is 1..12. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date `[year, month 1..12, day]` of a day number (`civil_from_days`). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Weekday of a day number, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(days: number): number {
  return ((days + 4) % 7 + 7) % 7;
}

/** Formats a day number as `YYYY-MM-DD`. */
export function formatDay(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${
    String(d).padStart(2, "0")
  }`;
}

/** Number of days in month `m` (1..12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

/**
 * Throws unless `year` is an integer inside the calendar range.
 * @throws {ValidationError} outside 2000..2035
 */
export function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) {
    throw new ValidationError(
      `year ${year} is outside the NASDAQ calendar range ${CALENDAR_FIRST_YEAR}-${CALENDAR_LAST_YEAR}`,
    );
  }
}

/**
 * Parses a strict `YYYY-MM-DD` date inside the calendar range into a day number.
 * @throws {ValidationError} for a malformed or impossible date, or a year out of range
 */
export function parseDate(date: string): number {
  const match = typeof date === "string" ? DATE_RE.exec(date) : null;
  if (match === null) {
    throw new ValidationError(`invalid date ${JSON.stringify(date)}: expected YYYY-MM-DD`);
  }
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new ValidationError(`invalid date ${date}: no such day`);
  }
  if (y < CALENDAR_FIRST_YEAR || y > CALENDAR_LAST_YEAR) {
    throw new ValidationError(
      `date ${date} is outside the NASDAQ calendar range ${CALENDAR_FIRST_YEAR}-${CALENDAR_LAST_YEAR}`,
    );
  }
  return daysFromCivil(y, m, d);
}

/** Day number of the `n`-th (1-based) weekday `wd` of month `m`. */
export function nthWeekday(y: number, m: number, wd: number, n: number): number {
  const first = daysFromCivil(y, m, 1);
  return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
}

/** Day number of the last weekday `wd` of month `m`. */
export function lastWeekday(y: number, m: number, wd: number): number {
  const last = daysFromCivil(y, m, daysInMonth(y, m));
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Day number of Easter Sunday (Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(y, month, day);
}
