/**
 * @module
 * Identity of the pinned NASDAQ calendar: its version string, time zone and year range.
 * Datasets record `CALENDAR_VERSION`; any change to a rule, a closure or the range must bump it,
 * because the same raw data then derives different bars.
 */

/** Version of the calendar rules; stored in every dataset manifest as `calendar_version`. */
export const CALENDAR_VERSION = "nasdaq-2000-2035.1";

/** The time zone the sessions are defined in (computed from explicit rules, no tz database). */
export const CALENDAR_TZ = "America/New_York";

/** First calendar year covered (inclusive). */
export const CALENDAR_FIRST_YEAR = 2000;

/** Last calendar year covered (inclusive). */
export const CALENDAR_LAST_YEAR = 2035;
