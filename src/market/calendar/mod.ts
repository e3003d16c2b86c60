/**
 * @module
 * The pinned NASDAQ trading calendar, 2000–2035 (`CALENDAR_VERSION` "nasdaq-2000-2035.1"):
 * trading days, regular and extended sessions as UTC instants, holidays, and New York time
 * conversions. Everything is computed from the explicit rules below — no `Intl`, no time
 * zone database — so the same version gives the same sessions on every machine. Years
 * outside 2000..2035 and malformed dates throw `ValidationError`.
 *
 * ## Time zone (America/New_York)
 * EST = UTC−5, EDT = UTC−4. 2007 onward: EDT from the second Sunday of March 02:00 local to
 * the first Sunday of November 02:00 local; 2000–2006: first Sunday of April to last Sunday
 * of October. Switches happen on Sundays at 02:00, so no session spans one.
 *
 * ## Sessions
 * Regular 09:30–16:00 ET, extended 04:00–20:00 ET. On early-close days the regular session
 * ends at 13:00 ET and the extended one at 17:00 ET. Ends are exclusive. Monday–Friday only.
 *
 * ## Full-day closures
 * - New Year's Day, Jan 1; on a Sunday observed Monday Jan 2; on a Saturday NOT observed
 *   (the preceding Friday, Dec 31, trades — NYSE Rule 7.2; e.g. 2021-12-31 traded).
 * - Martin Luther King Jr. Day (3rd Monday of January), Washington's Birthday (3rd Monday of
 *   February), Good Friday (Easter Sunday − 2, Gregorian computus), Memorial Day (last Monday
 *   of May), Labor Day (1st Monday of September), Thanksgiving (4th Thursday of November).
 * - Juneteenth (June 19, from 2022), Independence Day (July 4), Christmas (Dec 25): on a
 *   Saturday observed the Friday before, on a Sunday the Monday after.
 * - Unscheduled: 2001-09-11..14 (September 11), 2004-06-11 (Reagan), 2007-01-02 (Ford),
 *   2012-10-29 and 2012-10-30 (Hurricane Sandy), 2018-12-05 (G. H. W. Bush),
 *   2025-01-09 (Carter).
 *
 * ## Early closes (13:00 ET)
 * - The day after Thanksgiving.
 * - Christmas Eve, Dec 24, when it is Monday–Thursday (on a Friday it is the observed
 *   Christmas holiday).
 * - July 3 when it is Monday, Tuesday or Thursday (July 4 then falls Tuesday, Wednesday or
 *   Friday); a Wednesday July 3 only from 2013 on (2013-07-03, 2019, 2024, …). Before 2013 a
 *   Thursday July 4 gave a half day on Friday July 5 instead (2002-07-05). A Friday July 3 is
 *   the observed holiday, never a half day.
 * - Unscheduled: 2003-12-26 (day after Christmas).
 *
 * These match the NYSE/NASDAQ published schedules through 2025. Years after the last
 * published schedule follow the rules; an unscheduled closure announced later needs a new
 * `CALENDAR_VERSION`. Late opens and intraday halts (e.g. the 09:32 moments of silence) are
 * not modelled.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isTradingDay, sessionsBetween } from "./mod.ts";
 *
 * assert.equal(isTradingDay("2024-03-29"), false); // Good Friday
 * assert.equal(sessionsBetween("2024-01-01", "2024-12-31").length, 252);
 * ```
 */

export {
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  CALENDAR_TZ,
  CALENDAR_VERSION,
} from "./version.ts";
export type { Session } from "./sessions.ts";
export { isTradingDay, sessionOn, sessionsBetween } from "./sessions.ts";
export { nyLocalToUtcMs, nyUtcOffsetMinutes } from "./ny_time.ts";
export { holidaysIn } from "./holidays.ts";
export { barsPerYear } from "./bars_per_year.ts";
export { tradingDayStarts } from "./day_starts.ts";
