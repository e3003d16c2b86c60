/**
 * @module
 * Trading sessions of the pinned NASDAQ calendar: which dates trade, and the regular and
 * extended-hours windows of each as UTC milliseconds.
 */

import { ValidationError } from "../../domain/errors.ts";
import { civilFromDays, formatDay, parseDate, SATURDAY, SUNDAY, weekday } from "./_civil.ts";
import { localToUtcMs } from "./_dst.ts";
import { yearRules } from "./_rules.ts";

/** One trading day. All instants are UTC ms; every bound is a whole minute. */
export interface Session {
  /** Local trading date `YYYY-MM-DD` (America/New_York). */
  date: string;
  /** Regular open, 09:30 ET. */
  openMs: number;
  /** Regular close, 16:00 ET (13:00 ET on early-close days); exclusive. */
  closeMs: number;
  /** Extended hours start, 04:00 ET. */
  preOpenMs: number;
  /** Extended hours end, 20:00 ET (17:00 ET on early-close days); exclusive. */
  postCloseMs: number;
  /** True on a 13:00 ET early close. */
  earlyClose: boolean;
}

const PRE_OPEN_MIN = 4 * 60;
const OPEN_MIN = 9 * 60 + 30;
const CLOSE_MIN = 16 * 60;
const EARLY_CLOSE_MIN = 13 * 60;
const POST_CLOSE_MIN = 20 * 60;
const EARLY_POST_CLOSE_MIN = 17 * 60;

/**
 * The session of a local date, or null when the market is closed (weekend or holiday).
 *
 * @param date `YYYY-MM-DD`, 2000..2035
 * @throws {ValidationError} for a bad date or a year out of range
 *
 * @example Black Friday 2024 closes at 13:00 ET (18:00 UTC)
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionOn } from "./mod.ts";
 *
 * const s = sessionOn("2024-11-29")!;
 * assert.equal(s.earlyClose, true);
 * assert.equal(new Date(s.closeMs).toISOString(), "2024-11-29T18:00:00.000Z");
 * assert.equal(sessionOn("2024-11-28"), null);
 * ```
 */
export function sessionOn(date: string): Session | null {
  return sessionOfDay(parseDate(date));
}

/**
 * Sessions of every trading day from `from` to `to`, both inclusive, ascending.
 *
 * @param from first local date `YYYY-MM-DD`
 * @param to last local date `YYYY-MM-DD`, not before `from`
 * @throws {ValidationError} for bad dates, years out of range, or `from` after `to`
 */
export function sessionsBetween(from: string, to: string): Session[] {
  const first = parseDate(from);
  const last = parseDate(to);
  if (first > last) throw new ValidationError(`date range ${from}..${to} ends before it starts`);
  const out: Session[] = [];
  for (let day = first; day <= last; day++) {
    const s = sessionOfDay(day);
    if (s !== null) out.push(s);
  }
  return out;
}

/**
 * Whether NASDAQ trades on a local date (early-close days count as trading days).
 * @throws {ValidationError} for a bad date or a year out of range
 */
export function isTradingDay(date: string): boolean {
  return isOpenDay(parseDate(date));
}

function isOpenDay(day: number): boolean {
  const wd = weekday(day);
  if (wd === SATURDAY || wd === SUNDAY) return false;
  return !yearRules(civilFromDays(day)[0]).closed.has(day);
}

function sessionOfDay(day: number): Session | null {
  if (!isOpenDay(day)) return null;
  const earlyClose = yearRules(civilFromDays(day)[0]).early.has(day);
  return {
    date: formatDay(day),
    openMs: localToUtcMs(day, OPEN_MIN),
    closeMs: localToUtcMs(day, earlyClose ? EARLY_CLOSE_MIN : CLOSE_MIN),
    preOpenMs: localToUtcMs(day, PRE_OPEN_MIN),
    postCloseMs: localToUtcMs(day, earlyClose ? EARLY_POST_CLOSE_MIN : POST_CLOSE_MIN),
    earlyClose,
  };
}
