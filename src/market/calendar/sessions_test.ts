import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import {
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  CALENDAR_TZ,
  CALENDAR_VERSION,
  isTradingDay,
  type Session,
  sessionOn,
  sessionsBetween,
} from "./mod.ts";

/** A session rendered as ISO strings, so expectations read like the published hours. */
function shown(s: Session | null) {
  if (s === null) return null;
  const iso = (ms: number) => new Date(ms).toISOString().replace(":00.000Z", "Z");
  return {
    date: s.date,
    preOpen: iso(s.preOpenMs),
    open: iso(s.openMs),
    close: iso(s.closeMs),
    postClose: iso(s.postCloseMs),
    earlyClose: s.earlyClose,
  };
}

Deno.test("CALENDAR_VERSION pins the rules, zone and range", () => {
  assert.equal(CALENDAR_VERSION, "nasdaq-2000-2035.1");
  assert.equal(CALENDAR_TZ, "America/New_York");
  assert.equal(CALENDAR_FIRST_YEAR, 2000);
  assert.equal(CALENDAR_LAST_YEAR, 2035);
});

Deno.test("sessionOn() gives EST hours on Friday 2024-03-08 and EDT hours on Monday 2024-03-11", () => {
  assert.deepEqual(shown(sessionOn("2024-03-08")), {
    date: "2024-03-08",
    preOpen: "2024-03-08T09:00Z",
    open: "2024-03-08T14:30Z",
    close: "2024-03-08T21:00Z",
    postClose: "2024-03-09T01:00Z",
    earlyClose: false,
  });
  assert.deepEqual(shown(sessionOn("2024-03-11")), {
    date: "2024-03-11",
    preOpen: "2024-03-11T08:00Z",
    open: "2024-03-11T13:30Z",
    close: "2024-03-11T20:00Z",
    postClose: "2024-03-12T00:00Z",
    earlyClose: false,
  });
});

Deno.test("sessionOn() returns null on the DST switch Sundays", () => {
  assert.equal(sessionOn("2024-03-10"), null);
  assert.equal(sessionOn("2024-11-03"), null);
  assert.equal(shown(sessionOn("2024-11-04"))!.open, "2024-11-04T14:30Z");
  assert.equal(shown(sessionOn("2024-11-01"))!.open, "2024-11-01T13:30Z");
});

Deno.test("sessionOn() closes at 13:00 ET and extended hours at 17:00 ET on Black Friday 2024", () => {
  assert.equal(sessionOn("2024-11-28"), null);
  assert.deepEqual(shown(sessionOn("2024-11-29")), {
    date: "2024-11-29",
    preOpen: "2024-11-29T09:00Z",
    open: "2024-11-29T14:30Z",
    close: "2024-11-29T18:00Z",
    postClose: "2024-11-29T22:00Z",
    earlyClose: true,
  });
});

Deno.test("sessionOn() closes early on 2024-07-03 (EDT) and 2024-12-24 (EST)", () => {
  assert.equal(shown(sessionOn("2024-07-03"))!.close, "2024-07-03T17:00Z");
  assert.equal(shown(sessionOn("2024-07-03"))!.earlyClose, true);
  assert.equal(shown(sessionOn("2024-12-24"))!.close, "2024-12-24T18:00Z");
  assert.equal(shown(sessionOn("2024-12-24"))!.earlyClose, true);
  assert.equal(sessionOn("2024-07-04"), null);
  assert.equal(sessionOn("2024-12-25"), null);
  assert.equal(shown(sessionOn("2024-07-05"))!.earlyClose, false);
});

Deno.test("sessionOn() uses the pre-2007 DST rule in 2006", () => {
  assert.equal(shown(sessionOn("2006-03-13"))!.open, "2006-03-13T14:30Z");
  assert.equal(shown(sessionOn("2006-03-31"))!.open, "2006-03-31T14:30Z");
  assert.equal(shown(sessionOn("2006-04-03"))!.open, "2006-04-03T13:30Z");
  assert.equal(shown(sessionOn("2006-10-27"))!.open, "2006-10-27T13:30Z");
  assert.equal(shown(sessionOn("2006-10-30"))!.open, "2006-10-30T14:30Z");
});

Deno.test("isTradingDay() answers the pinned facts", async (t) => {
  const cases: [string, boolean, string][] = [
    ["2023-06-19", false, "Juneteenth, first Monday observance"],
    ["2022-06-20", false, "Juneteenth 2022 observed on Monday"],
    ["2021-12-31", true, "New Year 2022 on a Saturday is not observed on Friday"],
    ["2021-12-24", false, "Christmas 2021 observed on Friday"],
    ["2012-10-29", false, "Hurricane Sandy"],
    ["2012-10-30", false, "Hurricane Sandy"],
    ["2012-10-31", true, "reopened after Sandy"],
    ["2024-03-29", false, "Good Friday"],
    ["2001-09-10", true, "the day before the attacks"],
    ["2001-09-14", false, "September 11 closure"],
    ["2001-09-17", true, "reopened after September 11"],
    ["2004-06-11", false, "Reagan"],
    ["2007-01-02", false, "Ford"],
    ["2018-12-05", false, "G. H. W. Bush"],
    ["2025-01-09", false, "Carter"],
    ["2004-12-31", true, "New Year 2005 on a Saturday"],
    ["2010-12-31", true, "New Year 2011 on a Saturday"],
    ["2020-07-03", false, "Independence Day 2020 observed on Friday"],
    ["2021-07-05", false, "Independence Day 2021 observed on Monday"],
    ["2024-03-09", false, "Saturday"],
    ["2024-03-10", false, "Sunday"],
    ["2000-01-03", true, "first trading day of the range"],
    ["2035-12-31", true, "last day of the range"],
  ];
  for (const [date, trading, why] of cases) {
    await t.step(`${date} ${trading ? "trades" : "is closed"} (${why})`, () => {
      assert.equal(isTradingDay(date), trading);
      assert.equal(sessionOn(date) !== null, trading);
    });
  }
});

Deno.test("sessionsBetween() counts the trading days of known years", () => {
  const count = (y: number) => sessionsBetween(`${y}-01-01`, `${y}-12-31`).length;
  assert.deepEqual(
    [2001, 2012, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025].map(count),
    [248, 250, 251, 252, 253, 252, 251, 250, 252, 250],
  );
});

Deno.test("sessionsBetween() finds every published early close of 2000-2026", () => {
  const early = sessionsBetween("2000-01-01", "2026-12-31").filter((s) => s.earlyClose);
  assert.deepEqual(early.map((s) => s.date), [
    ...["2000-07-03", "2000-11-24"],
    ...["2001-07-03", "2001-11-23", "2001-12-24"],
    ...["2002-07-05", "2002-11-29", "2002-12-24"],
    ...["2003-07-03", "2003-11-28", "2003-12-24", "2003-12-26"],
    ...["2004-11-26", "2005-11-25"],
    ...["2006-07-03", "2006-11-24"],
    ...["2007-07-03", "2007-11-23", "2007-12-24"],
    ...["2008-07-03", "2008-11-28", "2008-12-24"],
    ...["2009-11-27", "2009-12-24", "2010-11-26", "2011-11-25"],
    ...["2012-07-03", "2012-11-23", "2012-12-24"],
    ...["2013-07-03", "2013-11-29", "2013-12-24"],
    ...["2014-07-03", "2014-11-28", "2014-12-24"],
    ...["2015-11-27", "2015-12-24", "2016-11-25"],
    ...["2017-07-03", "2017-11-24"],
    ...["2018-07-03", "2018-11-23", "2018-12-24"],
    ...["2019-07-03", "2019-11-29", "2019-12-24"],
    ...["2020-11-27", "2020-12-24", "2021-11-26", "2022-11-25"],
    ...["2023-07-03", "2023-11-24"],
    ...["2024-07-03", "2024-11-29", "2024-12-24"],
    ...["2025-07-03", "2025-11-28", "2025-12-24"],
    ...["2026-11-27", "2026-12-24"],
  ]);
  assert.ok(early.every((s) => s.closeMs - s.openMs === 210 * 60_000));
  assert.ok(early.every((s) => s.postCloseMs - s.preOpenMs === 13 * 3_600_000));
});

Deno.test("sessionsBetween() is inclusive, ascending and skips closed days", () => {
  assert.deepEqual(sessionsBetween("2024-03-28", "2024-04-02").map((s) => s.date), [
    "2024-03-28",
    "2024-04-01",
    "2024-04-02",
  ]);
  assert.deepEqual(sessionsBetween("2024-03-29", "2024-03-29"), []);
  assert.deepEqual(sessionsBetween("2024-03-28", "2024-03-28").map((s) => s.date), ["2024-03-28"]);
});

Deno.test("sessionsBetween() gives whole-minute bounds of 390 or 210 regular minutes", () => {
  for (const s of sessionsBetween("2000-01-01", "2035-12-31")) {
    assert.equal(s.openMs % 60_000, 0);
    assert.equal(s.closeMs - s.openMs, s.earlyClose ? 210 * 60_000 : 390 * 60_000);
    assert.equal(s.openMs - s.preOpenMs, 330 * 60_000);
    assert.equal(s.postCloseMs - s.closeMs, 4 * 3_600_000);
  }
});

Deno.test("sessionOn() and sessionsBetween() refuse bad input with ValidationError", () => {
  assert.throws(() => sessionOn("2024-13-01"), ValidationError);
  assert.throws(() => sessionOn("20240308"), ValidationError);
  assert.throws(() => sessionOn("1999-12-31"), ValidationError);
  assert.throws(() => sessionOn("2036-01-02"), ValidationError);
  assert.throws(() => isTradingDay("2023-02-29"), ValidationError);
  assert.throws(() => sessionsBetween("2024-03-02", "2024-03-01"), {
    message: "date range 2024-03-02..2024-03-01 ends before it starts",
  });
  assert.throws(() => sessionsBetween("1999-12-01", "2000-01-31"), ValidationError);
});
