/**
 * @module
 * The full-day closures of a year, as dates and names (rules listed in `mod.ts`).
 */

import { formatDay } from "./_civil.ts";
import { yearRules } from "./_rules.ts";

/**
 * The days of `year` on which NASDAQ is closed although they are weekdays: holidays on the
 * day they are observed, plus unscheduled closures, in date order. Early-close days are
 * trading days and are not listed.
 *
 * @param year 2000..2035
 * @returns `{ date: "YYYY-MM-DD", name }` per closure, ascending
 * @throws {ValidationError} when `year` is outside 2000..2035
 *
 * @example Juneteenth 2022 fell on a Sunday and was observed on Monday
 * ```ts
 * import assert from "node:assert/strict";
 * import { holidaysIn } from "./mod.ts";
 *
 * const juneteenth = holidaysIn(2022).find((h) => h.name.startsWith("Juneteenth"));
 * assert.deepEqual(juneteenth, {
 *   date: "2022-06-20",
 *   name: "Juneteenth National Independence Day (observed)",
 * });
 * ```
 */
export function holidaysIn(year: number): { date: string; name: string }[] {
  const { closed } = yearRules(year);
  return [...closed.keys()].sort((a, b) => a - b).map((day) => ({
    date: formatDay(day),
    name: closed.get(day)!,
  }));
}
