/**
 * @module
 * Timestamp parsing for the CSV bar import: ISO-8601 with a zone, or integer epoch seconds,
 * milliseconds, microseconds or nanoseconds told apart by magnitude. Pure arithmetic (no
 * `Date.parse`, whose leniency differs between engines), exact to the nanosecond so that
 * "whole minute" is checked on the value as written.
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DIGITS = /^\d+$/;
const NS_PER_MS = 1_000_000n;
const NS_PER_MINUTE = 60_000_000_000n;
/** Largest |ms| a JavaScript Date accepts; beyond it the value is surely a typo. */
const MAX_MS = 8.64e15;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A timestamp that cannot be used; `message` says why and quotes the value. */
export class TimestampError extends Error {
  /** @param message reason, quoting the value */
  constructor(message: string) {
    super(message);
    this.name = "TimestampError";
  }
}

/**
 * Parses a bar open time: must carry a zone (or be epoch) and be a whole UTC minute.
 * @param text the cell
 * @returns UTC milliseconds since the epoch
 * @throws {TimestampError} when malformed, zone-less or not a whole minute
 */
export function parseBarTime(text: string): number {
  return parseInstant(text, true);
}

/**
 * Parses a range bound (`from`/`to`): like {@linkcode parseBarTime}, but any precision, and a
 * value without a zone (e.g. `2024-01-02`) is UTC.
 * @param text the option value
 * @returns UTC milliseconds since the epoch (sub-millisecond parts dropped)
 * @throws {TimestampError} when malformed
 */
export function parseBound(text: string): number {
  return parseInstant(text, false);
}

function parseInstant(raw: string, bar: boolean): number {
  const text = raw.trim();
  if (DIGITS.test(text)) return parseEpoch(text, bar);
  const m = ISO.exec(text);
  if (m === null) {
    throw new TimestampError(
      `"${raw}" is not an ISO-8601 time (e.g. 2024-01-02T14:30:00Z) nor an integer epoch`,
    );
  }
  const [, ys, mos, ds, hs = "0", mis = "0", ss = "0", frac = "", zone] = m;
  const year = Number(ys), month = Number(mos), day = Number(ds);
  const hour = Number(hs), minute = Number(mis), second = Number(ss);
  if (
    month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 ||
    minute > 59 || second > 59
  ) {
    throw new TimestampError(`"${raw}" is not a valid date and time`);
  }
  if (zone === undefined && bar) {
    throw new TimestampError(`"${raw}" has no time zone; add Z or an offset such as +00:00`);
  }
  const offsetMin = zone === undefined ? 0 : parseOffset(zone, raw);
  if (bar && (second !== 0 || /[1-9]/.test(frac))) throw notWholeMinute(raw);
  const ms = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMin) * 60_000 +
    second * 1000 + Number(frac.padEnd(3, "0").slice(0, 3));
  if (Math.abs(ms) > MAX_MS) throw new TimestampError(`"${raw}" is out of range`);
  return ms;
}

/** s < 1e11 ≤ ms < 1e14 ≤ µs < 1e17 ≤ ns: each unit covers 1973–5138 in its own band. */
function parseEpoch(text: string, bar: boolean): number {
  const value = BigInt(text);
  const ns = value < 100_000_000_000n
    ? value * 1_000_000_000n
    : value < 100_000_000_000_000n
    ? value * NS_PER_MS
    : value < 100_000_000_000_000_000n
    ? value * 1000n
    : value;
  if (bar && ns % NS_PER_MINUTE !== 0n) throw notWholeMinute(text);
  const ms = Number(ns / NS_PER_MS);
  if (ms > MAX_MS) throw new TimestampError(`"${text}" is out of range`);
  return ms;
}

function parseOffset(zone: string, raw: string): number {
  if (zone === "Z" || zone === "z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) throw new TimestampError(`"${raw}" has an invalid UTC offset`);
  return (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

function notWholeMinute(raw: string): TimestampError {
  return new TimestampError(
    `"${raw}" is not a whole minute (bar times are the UTC minute the bar opens)`,
  );
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
