import assert from "node:assert/strict";
import { barsPerYear, sessionMinutes } from "./bars_per_year.ts";
import { sessionsBetween } from "./sessions.ts";
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from "./version.ts";

Deno.test("session minutes counted from the year rules equal the minutes of every session's UTC bounds", () => {
  const sessions = sessionsBetween(`${CALENDAR_FIRST_YEAR}-01-01`, `${CALENDAR_LAST_YEAR}-12-31`);
  let regular = 0;
  let extended = 0;
  for (const s of sessions) {
    regular += (s.closeMs - s.openMs) / 60_000;
    extended += (s.postCloseMs - s.preOpenMs) / 60_000;
  }
  assert.equal(sessionMinutes("regular", CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR), regular);
  assert.equal(sessionMinutes("extended", CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR), extended);
  const years = CALENDAR_LAST_YEAR - CALENDAR_FIRST_YEAR + 1;
  // Bit-identical to the constant runs were annualised with before.
  assert.equal(barsPerYear("regular"), regular / years);
  assert.equal(barsPerYear("extended"), extended / years);
});
