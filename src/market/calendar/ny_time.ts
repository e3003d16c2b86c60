/**
 * @module
 * Conversions between UTC instants and New York wall-clock time, from the explicit DST rules
 * in `_dst.ts` (no `Intl`, no time zone database), limited to the calendar's year range.
 */

import { ValidationError } from "../../domain/errors.ts";
import { checkYear, civilFromDays, MS_PER_DAY, parseDate } from "./_civil.ts";
import { localToUtcMs, offsetMinutesAt } from "./_dst.ts";

/**
 * New York's offset from UTC at an instant: −300 (EST) or −240 (EDT).
 *
 * @param utcMs milliseconds since the UNIX epoch
 * @returns the offset in minutes (local = UTC + offset)
 * @throws {ValidationError} when `utcMs` is not finite or its New York date is outside 2000..2035
 *
 * @example Second Sunday of March 2024: EDT from 07:00 UTC
 * ```ts
 * import assert from "node:assert/strict";
 * import { nyUtcOffsetMinutes } from "./mod.ts";
 *
 * assert.equal(nyUtcOffsetMinutes(Date.UTC(2024, 2, 10, 6, 59)), -300);
 * assert.equal(nyUtcOffsetMinutes(Date.UTC(2024, 2, 10, 7, 0)), -240);
 * ```
 */
export function nyUtcOffsetMinutes(utcMs: number): number {
  if (typeof utcMs !== "number" || !Number.isFinite(utcMs)) {
    throw new ValidationError(`invalid instant ${String(utcMs)}: expected finite UTC milliseconds`);
  }
  checkYear(civilFromDays(Math.floor((utcMs - 5 * 3_600_000) / MS_PER_DAY))[0]);
  return offsetMinutesAt(utcMs);
}

/**
 * The UTC instant of a New York wall-clock time. A time that occurs twice (01:00–01:59 on
 * the fall-back Sunday) resolves to the first occurrence (EDT); a time that does not exist
 * (02:00–02:59 on the spring-forward Sunday) is read as EST, i.e. it lands an hour later
 * on the clock (02:30 → 03:30 EDT).
 *
 * @param date local date `YYYY-MM-DD`
 * @param hour 0..23
 * @param minute 0..59
 * @returns milliseconds since the UNIX epoch
 * @throws {ValidationError} for a bad date, hour or minute, or a year outside 2000..2035
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nyLocalToUtcMs } from "./mod.ts";
 *
 * assert.equal(new Date(nyLocalToUtcMs("2024-03-08", 9, 30)).toISOString(), "2024-03-08T14:30:00.000Z");
 * assert.equal(new Date(nyLocalToUtcMs("2024-03-11", 9, 30)).toISOString(), "2024-03-11T13:30:00.000Z");
 * ```
 */
export function nyLocalToUtcMs(date: string, hour: number, minute: number): number {
  const day = parseDate(date);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new ValidationError(`invalid hour ${String(hour)}: expected an integer 0..23`);
  }
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new ValidationError(`invalid minute ${String(minute)}: expected an integer 0..59`);
  }
  return localToUtcMs(day, hour * 60 + minute);
}
