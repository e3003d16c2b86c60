/**
 * @module
 * Tests of the session filter for imported candles: the first and last session minutes are
 * kept, the minutes just outside are dropped, across DST, early closes and UTC midnights.
 */

import assert from "node:assert/strict";
import { allocBars, type Bars } from "../domain/bars.ts";
import { sessionBars } from "./session_bars.ts";

const MIN = 60_000;

function barsAt(times: number[]): Bars {
  const bars = allocBars(times.length);
  times.forEach((t, i) => {
    bars.ts[i] = t;
    bars.close[i] = i + 1;
  });
  return bars;
}

function kept(times: number[], from: string, to: string, extended = false): string[] {
  return Array.from(
    sessionBars(barsAt(times), from, to, extended).ts,
    (t) => new Date(t).toISOString().slice(0, 16),
  );
}

Deno.test("sessionBars() keeps the first and last session minute and drops the minutes beside them", () => {
  const open = Date.UTC(2024, 0, 2, 14, 30); // 09:30 EST
  const lastOpen = Date.UTC(2024, 0, 31, 14, 30);
  const lastClose = Date.UTC(2024, 0, 31, 21, 0); // 16:00 EST
  const times = [open - MIN, open, open + MIN, lastClose - MIN, lastClose];
  assert.deepEqual(kept(times, "2024-01-02", "2024-01-31"), [
    "2024-01-02T14:30",
    "2024-01-02T14:31",
    "2024-01-31T20:59",
  ]);
  assert.ok(lastOpen < lastClose);
});

Deno.test("sessionBars() drops the session days just outside from..to", () => {
  const times = [
    Date.UTC(2023, 11, 29, 20, 59), // last minute of the session before
    Date.UTC(2024, 0, 2, 14, 30),
    Date.UTC(2024, 0, 31, 20, 59),
    Date.UTC(2024, 1, 1, 14, 30), // first minute of the session after
  ];
  assert.deepEqual(kept(times, "2024-01-02", "2024-01-31"), [
    "2024-01-02T14:30",
    "2024-01-31T20:59",
  ]);
});

Deno.test("sessionBars() follows New York days across DST and UTC midnight", () => {
  // EDT: the regular session is 13:30–20:00 UTC; extended runs to 00:00 UTC the next day.
  const times = [
    Date.UTC(2024, 6, 1, 13, 29),
    Date.UTC(2024, 6, 1, 13, 30),
    Date.UTC(2024, 6, 1, 19, 59),
    Date.UTC(2024, 6, 1, 20, 0),
    Date.UTC(2024, 6, 1, 23, 59), // 19:59 EDT on July 1, a UTC date later than the range
    Date.UTC(2024, 6, 2, 0, 0), // 20:00 EDT: after the extended close
  ];
  assert.deepEqual(kept(times, "2024-07-01", "2024-07-01"), [
    "2024-07-01T13:30",
    "2024-07-01T19:59",
  ]);
  assert.deepEqual(kept(times, "2024-07-01", "2024-07-01", true), [
    "2024-07-01T13:29",
    "2024-07-01T13:30",
    "2024-07-01T19:59",
    "2024-07-01T20:00",
    "2024-07-01T23:59",
  ]);
  // 2024-03-11 is the first EDT Monday: the open moves from 14:30 to 13:30 UTC.
  assert.deepEqual(
    kept(
      [Date.UTC(2024, 2, 8, 14, 29), Date.UTC(2024, 2, 8, 14, 30), Date.UTC(2024, 2, 11, 13, 30)],
      "2024-03-08",
      "2024-03-11",
    ),
    ["2024-03-08T14:30", "2024-03-11T13:30"],
  );
});

Deno.test("sessionBars() honours early closes and skips holidays inside the range", () => {
  const times = [
    Date.UTC(2024, 10, 28, 15, 0), // Thanksgiving: closed
    Date.UTC(2024, 10, 29, 17, 59), // 12:59 EST on the early-close Friday
    Date.UTC(2024, 10, 29, 18, 0), // 13:00 EST: after the early close
  ];
  assert.deepEqual(kept(times, "2024-11-27", "2024-11-29"), ["2024-11-29T17:59"]);
});

Deno.test("sessionBars() carries every column of the kept rows", () => {
  const bars = barsAt([Date.UTC(2024, 0, 2, 14, 29), Date.UTC(2024, 0, 2, 14, 30)]);
  bars.volume[1] = 7;
  bars.tradeCount[1] = 3;
  bars.spreadMean[1] = 0.02;
  const out = sessionBars(bars, "2024-01-02", "2024-01-02", false);
  assert.equal(out.length, 1);
  assert.equal(out.close[0], 2);
  assert.equal(out.volume[0], 7);
  assert.equal(out.tradeCount[0], 3);
  assert.equal(out.spreadMean[0], 0.02);
});
