/**
 * @module
 * Calendar dates as they cross every boundary (flags, HTTP bodies, dataset ids): `YYYY-MM-DD`.
 */

/** `YYYY-MM-DD` (the shape only; see {@link isCalendarDate} for a real date). */
export const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether `s` is a real calendar date written `YYYY-MM-DD` (not `2024-02-30`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isCalendarDate("2024-02-29"), true);
 * assert.equal(isCalendarDate("2023-02-29"), false);
 * assert.equal(isCalendarDate("2024-2-1"), false);
 * ```
 */
export function isCalendarDate(s: string): boolean {
  if (!ISO_DATE_RE.test(s)) return false;
  const t = Date.parse(s + "T00:00:00Z");
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}
