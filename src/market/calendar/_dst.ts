/**
 * @module
 * US Eastern daylight-saving rules written out explicitly, so the calendar never depends on
 * the host's time zone database:
 *
 * | years | EDT starts (02:00 EST = 07:00 UTC) | EST resumes (02:00 EDT = 06:00 UTC) |
 * | --- | --- | --- |
 * | 2000–2006 | first Sunday of April | last Sunday of October |
 * | 2007– | second Sunday of March | first Sunday of November |
 *
 * EST is UTC−5 (−300 min), EDT is UTC−4 (−240 min).
 */

import { civilFromDays, lastWeekday, MS_PER_DAY, nthWeekday, SUNDAY } from "./_civil.ts";

/** UTC offset of Eastern Standard Time, minutes. */
export const EST_OFFSET_MIN = -300;
/** UTC offset of Eastern Daylight Time, minutes. */
export const EDT_OFFSET_MIN = -240;

const MS_PER_MIN = 60_000;
const MS_PER_HOUR = 3_600_000;
const windows = new Map<number, readonly [number, number]>();

/**
 * The daylight-saving window of `year` as UTC ms, `[start, end)`: EDT applies to instants
 * `start <= t < end`.
 */
export function dstWindowUtcMs(year: number): readonly [number, number] {
  let w = windows.get(year);
  if (w === undefined) {
    const startDay = year >= 2007 ? nthWeekday(year, 3, SUNDAY, 2) : nthWeekday(year, 4, SUNDAY, 1);
    const endDay = year >= 2007 ? nthWeekday(year, 11, SUNDAY, 1) : lastWeekday(year, 10, SUNDAY);
    // 02:00 local wall time, expressed with the offset in force just before each switch.
    w = [startDay * MS_PER_DAY + 7 * MS_PER_HOUR, endDay * MS_PER_DAY + 6 * MS_PER_HOUR];
    windows.set(year, w);
  }
  return w;
}

/** New York's UTC offset (minutes) at a UTC instant, without range checks. */
export function offsetMinutesAt(utcMs: number): number {
  // Local year: the DST window sits mid-year, so EST is exact around the new year.
  const localDay = Math.floor((utcMs + EST_OFFSET_MIN * MS_PER_MIN) / MS_PER_DAY);
  const [start, end] = dstWindowUtcMs(civilFromDays(localDay)[0]);
  return utcMs >= start && utcMs < end ? EDT_OFFSET_MIN : EST_OFFSET_MIN;
}

/**
 * UTC ms of a New York wall-clock time (`minuteOfDay` minutes after local midnight of day
 * number `day`). A wall time that occurs twice (the fall-back hour) resolves to the earlier
 * instant (EDT); a wall time that does not exist (the spring-forward hour) is read with the
 * offset before the switch (EST), landing the same distance after the gap — the
 * "compatible" rule of RFC 5545 / Temporal.
 */
export function localToUtcMs(day: number, minuteOfDay: number): number {
  const local = day * MS_PER_DAY + minuteOfDay * MS_PER_MIN;
  const asEdt = local - EDT_OFFSET_MIN * MS_PER_MIN;
  const asEst = local - EST_OFFSET_MIN * MS_PER_MIN;
  if (offsetMinutesAt(asEdt) === EDT_OFFSET_MIN) return asEdt;
  return asEst;
}
