/**
 * @module
 * Tests of the CSV candle import: every accepted timestamp form, every error with its exact
 * message, column aliases and defaults, and a 1,000-row file round trip through a temp dir.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { allocBars, BAR_COLUMNS, type Bars } from "../../domain/bars.ts";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import { parseCsvBars, readCsvBars } from "./csv_bars.ts";

/** 2024-01-02T14:30:00Z, the NASDAQ open of the first 2024 session. */
const T0 = 1704205800000;
const MIN = 60_000;
const FIXTURE = new URL("../../../tests/fixtures/csv_excel_semicolon.csv", import.meta.url);

function one(ts: string): number {
  return parseCsvBars(`ts,open,high,low,close\n${ts},1,1,1,1\n`, { file: "t.csv" }).ts[0];
}

function throwsMessage(fn: () => unknown, message: string): void {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof ValidationError, String(err));
    assert.equal(err.message, message);
    return true;
  });
}

function column(bars: Bars, key: keyof Omit<Bars, "length">): number[] {
  return Array.from(bars[key]);
}

Deno.test("parseCsvBars() accepts each documented timestamp form", async (t) => {
  const cases: [string, string, number][] = [
    ["ISO with Z", "2024-01-02T14:30:00Z", T0],
    ["ISO with lower-case z and no seconds", "2024-01-02T14:30z", T0],
    ["ISO with zero milliseconds", "2024-01-02T14:30:00.000000000Z", T0],
    ["ISO with a negative offset", "2024-01-02T09:30:00-05:00", T0],
    ["ISO with an offset without colon", "2024-01-02T20:00:00+0530", T0],
    ["ISO with an hour-only offset", "2024-01-02T15:30:00+01", T0],
    ["ISO with a space instead of T (pandas)", "2024-01-02 14:30:00+00:00", T0],
    ["ISO across a day boundary", "2024-01-01T23:30:00-15:00", T0],
    ["ISO on a leap day", "2024-02-29T00:00:00Z", 1709164800000],
    ["epoch seconds", "1704205800", T0],
    ["epoch milliseconds", "1704205800000", T0],
    ["epoch microseconds", "1704205800000000", T0],
    ["epoch nanoseconds", "1704205800000000000", T0],
    ["epoch zero", "0", 0],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, () => assert.equal(one(text), expected));
  }
});

Deno.test("parseCsvBars() reports each error as file:line: message", async (t) => {
  const head = "ts,open,high,low,close\n";
  const ok = "2024-01-02T14:30:00Z,1,2,0.5,1.5\n";
  const cases: [string, string, string][] = [
    [
      "seconds in an ISO time",
      `${head}${ok}2024-01-02T14:31:15Z,1,1,1,1\n`,
      'f.csv:3: column ts: "2024-01-02T14:31:15Z" is not a whole minute (bar times are the UTC minute the bar opens)',
    ],
    [
      "a fraction of a second",
      `${head}2024-01-02T14:30:00.5Z,1,1,1,1\n`,
      'f.csv:2: column ts: "2024-01-02T14:30:00.5Z" is not a whole minute (bar times are the UTC minute the bar opens)',
    ],
    [
      "epoch seconds off the minute",
      `${head}1704205830,1,1,1,1\n`,
      'f.csv:2: column ts: "1704205830" is not a whole minute (bar times are the UTC minute the bar opens)',
    ],
    [
      "epoch nanoseconds one ns off the minute",
      `${head}1704205800000000001,1,1,1,1\n`,
      'f.csv:2: column ts: "1704205800000000001" is not a whole minute (bar times are the UTC minute the bar opens)',
    ],
    [
      "an ISO time without zone",
      `${head}2024-01-02T14:30:00,1,1,1,1\n`,
      'f.csv:2: column ts: "2024-01-02T14:30:00" has no time zone; add Z or an offset such as +00:00',
    ],
    [
      "a date without time",
      "date,open,high,low,close\n2024-01-02,1,1,1,1\n",
      'f.csv:2: column date: "2024-01-02" has no time zone; add Z or an offset such as +00:00',
    ],
    [
      "an impossible date",
      `${head}2023-02-29T14:30:00Z,1,1,1,1\n`,
      'f.csv:2: column ts: "2023-02-29T14:30:00Z" is not a valid date and time',
    ],
    [
      "text that is no time at all",
      `${head}yesterday,1,1,1,1\n`,
      'f.csv:2: column ts: "yesterday" is not an ISO-8601 time (e.g. 2024-01-02T14:30:00Z) nor an integer epoch',
    ],
    [
      "a non-numeric price",
      `${head}${ok}2024-01-02T14:31:00Z,1,abc,1,1\n`,
      'f.csv:3: column high: "abc" is not a number',
    ],
    [
      "a hexadecimal price",
      `${head}2024-01-02T14:31:00Z,0x10,1,1,1\n`,
      'f.csv:2: column open: "0x10" is not a number',
    ],
    [
      "an empty close",
      `${head}2024-01-02T14:31:00Z,1,1,1,\n`,
      "f.csv:2: column close: empty value",
    ],
    [
      "high below the body",
      `${head}2024-01-02T14:30:00Z,10,10.5,9,11\n`,
      "f.csv:2: high 10.5 is below max(open, close) = 11",
    ],
    [
      "low above the body",
      `${head}2024-01-02T14:30:00Z,10,12,10.5,11\n`,
      "f.csv:2: low 10.5 is above min(open, close) = 10",
    ],
    [
      "a duplicate minute among unsorted rows",
      `${head}2024-01-02T14:31:00Z,1,1,1,1\n${ok}2024-01-02T09:31:00-05:00,1,1,1,1\n`,
      "f.csv:4: duplicate bar time 2024-01-02T14:31:00Z (also on line 2)",
    ],
    ["a missing column", "ts,open,high,low\n", "f.csv:1: missing column close"],
    [
      "a missing time column",
      "open,high,low,close\n1,1,1,1\n",
      "f.csv:1: missing column ts (or timestamp, time, datetime, date)",
    ],
    [
      "two time columns",
      "ts,time,open,high,low,close\n",
      "f.csv:1: columns ts and time name the same value; keep one",
    ],
    ["a repeated column", "ts,open,open,high,low,close\n", "f.csv:1: column open appears twice"],
    [
      "a short row",
      `${head}${ok}2024-01-02T14:31:00Z,1,1,1\n`,
      "f.csv:3: expected 5 fields, found 4",
    ],
    [
      "an unterminated quote",
      `${head}${ok}"2024-01-02T14:31:00Z,1,1,1,1\n`,
      "f.csv:3: unterminated quoted field",
    ],
    [
      "text after a closing quote",
      `${head}"2024-01-02T14:31:00Z"x,1,1,1,1\n`,
      "f.csv:2: unexpected text after a closing quote",
    ],
    [
      "a negative volume",
      "ts,open,high,low,close,volume\n2024-01-02T14:30:00Z,1,1,1,1,-5\n",
      "f.csv:2: column volume: -5 is negative",
    ],
    [
      "a fractional trade count",
      "ts,open,high,low,close,trade_count\n2024-01-02T14:30:00Z,1,1,1,1,2.5\n",
      "f.csv:2: column trade_count: 2.5 is not a whole count",
    ],
    ["an empty file", "\n\n", "f.csv:1: the file is empty (expected a header line)"],
    ["a header without rows", head, "f.csv:1: no data rows after the header"],
  ];
  for (const [name, text, message] of cases) {
    await t.step(name, () => throwsMessage(() => parseCsvBars(text, { file: "f.csv" }), message));
  }
  await t.step("a bad from option", () =>
    throwsMessage(
      () => parseCsvBars(head + ok, { file: "f.csv", from: "soon" }),
      'f.csv: option from: "soon" is not an ISO-8601 time (e.g. 2024-01-02T14:30:00Z) nor an integer epoch',
    ));
});

Deno.test("parseCsvBars() fills documented defaults for absent optional columns", () => {
  const bars = parseCsvBars("TS,Open,High,Low,Close\n2024-01-02T14:30:00Z,10,12,9,11\n", {
    file: "d.csv",
  });
  assert.equal(bars.length, 1);
  assert.deepEqual(column(bars, "ts"), [T0]);
  assert.deepEqual(column(bars, "volume"), [0]);
  assert.deepEqual(column(bars, "vwap"), [11]);
  assert.deepEqual(column(bars, "tradeCount"), [0]);
  assert.deepEqual(column(bars, "bidMean"), [NaN]);
  assert.deepEqual(column(bars, "askMean"), [NaN]);
  assert.deepEqual(column(bars, "spreadMean"), [NaN]);
});

Deno.test("parseCsvBars() reads column aliases, quotes, semicolons and decimal commas", () => {
  const text = [
    "Timestamp;Open;High;Low;Close;Volume;VWAP;Trade Count;Bid_Mean;Ask-Mean;note",
    '2024-01-02T14:30:00Z;187,10;187,30;186,90;187,25;3400;187,2;12;187,2;187,25;"a; b"',
    '2024-01-02T14:31:00Z;"187,25";187.5;187;187.4;;;;NaN;;"say ""hi"""',
  ].join("\n");
  const bars = parseCsvBars(text, { file: "a.csv" });
  assert.deepEqual(column(bars, "ts"), [T0, T0 + MIN]);
  assert.deepEqual(column(bars, "open"), [187.1, 187.25]);
  assert.deepEqual(column(bars, "high"), [187.3, 187.5]);
  assert.deepEqual(column(bars, "low"), [186.9, 187]);
  assert.deepEqual(column(bars, "close"), [187.25, 187.4]);
  assert.deepEqual(column(bars, "volume"), [3400, 0]);
  assert.deepEqual(column(bars, "vwap"), [187.2, 187.4]);
  assert.deepEqual(column(bars, "tradeCount"), [12, 0]);
  assert.deepEqual(column(bars, "bidMean"), [187.2, NaN]);
  assert.deepEqual(column(bars, "askMean"), [187.25, NaN]);
  assert.deepEqual(column(bars, "spreadMean"), [187.25 - 187.2, NaN]);
});

Deno.test("parseCsvBars() prefers an explicit spread over ask minus bid", () => {
  const bars = parseCsvBars(
    "datetime,open,high,low,close,bid,ask,spread_mean\n" +
      "2024-01-02T14:30:00Z,10,11,9,10,9.9,10.1,0.15\n" +
      "2024-01-02T14:31:00Z,10,11,9,10,9.5,10.5,\n",
    { file: "s.csv" },
  );
  assert.deepEqual(column(bars, "spreadMean"), [0.15, 1]);
});

Deno.test("parseCsvBars() sorts rows and keeps from ≤ ts < to", () => {
  const rows = [3, 0, 4, 1, 2].map((i) => `${(T0 + i * MIN) / 1000},${i},${i},${i},${i}`);
  const text = `time,open,high,low,close\n${rows.join("\n")}\n`;
  const all = parseCsvBars(text, { file: "r.csv" });
  assert.deepEqual(column(all, "ts"), [0, 1, 2, 3, 4].map((i) => T0 + i * MIN));
  assert.deepEqual(column(all, "open"), [0, 1, 2, 3, 4]);
  const some = parseCsvBars(text, {
    file: "r.csv",
    from: "2024-01-02T14:31:00Z",
    to: String((T0 + 3 * MIN) / 1000),
  });
  assert.deepEqual(column(some, "close"), [1, 2]);
  const day = parseCsvBars(text, { file: "r.csv", from: "2024-01-03" });
  assert.equal(day.length, 0);
});

Deno.test("parseCsvBars() counts lines through CRLF, a BOM, blank lines and quoted newlines", () => {
  const text = "\ufeffts,note,open,high,low,close\r\n\r\n" +
    '2024-01-02T14:30:00Z,"two\nlines",1,1,1,1\r\n' +
    "2024-01-02T14:31:00Z,,1,x,1,1\r\n";
  throwsMessage(
    () => parseCsvBars(text, { file: "l.csv" }),
    'l.csv:5: column high: "x" is not a number',
  );
});

Deno.test("readCsvBars() reads an Excel-style semicolon export with a BOM", async () => {
  const bars = await readCsvBars(FIXTURE.pathname);
  assert.deepEqual(column(bars, "ts"), [T0, T0 + MIN]);
  assert.deepEqual(column(bars, "open"), [187.1, 187.25]);
  assert.deepEqual(column(bars, "close"), [187.25, 187.4]);
  assert.deepEqual(column(bars, "volume"), [3400, 1200]);
});

Deno.test("readCsvBars() names a missing file", async () => {
  await assert.rejects(readCsvBars("/nonexistent/bars.csv"), (err) => {
    assert.ok(err instanceof NotFoundError);
    assert.equal(err.message, "/nonexistent/bars.csv: no such file");
    return true;
  });
});

Deno.test("readCsvBars() round-trips a 1,000-row file exactly", async () => {
  const n = 1000;
  const bars = allocBars(n);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    const open = Math.round((100 + 10 * next()) * 100) / 100;
    const close = Math.round((100 + 10 * next()) * 100) / 100;
    bars.ts[i] = T0 + i * MIN;
    bars.open[i] = open;
    bars.close[i] = close;
    bars.high[i] = Math.max(open, close) + Math.round(next() * 100) / 100;
    bars.low[i] = Math.min(open, close) - Math.round(next() * 100) / 100;
    bars.volume[i] = Math.floor(next() * 10000);
    bars.vwap[i] = (open + close) / 2;
    bars.tradeCount[i] = Math.floor(next() * 500);
    bars.bidMean[i] = i % 10 === 0 ? NaN : close - 0.01;
    bars.askMean[i] = i % 10 === 0 ? NaN : close + 0.02;
    bars.spreadMean[i] = i % 10 === 0 ? NaN : next() / 10;
  }
  const lines = [BAR_COLUMNS.join(",")];
  for (let i = 0; i < n; i++) {
    lines.push(
      [
        new Date(bars.ts[i]).toISOString(),
        bars.open[i],
        bars.high[i],
        bars.low[i],
        bars.close[i],
        bars.volume[i],
        bars.vwap[i],
        bars.tradeCount[i],
        bars.bidMean[i],
        bars.askMean[i],
        bars.spreadMean[i],
      ].join(","),
    );
  }
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "bars.csv");
    await Deno.writeTextFile(path, lines.join("\n") + "\n");
    const read = await readCsvBars(path);
    assert.equal(read.length, n);
    for (const key of Object.keys(bars) as (keyof Bars)[]) {
      if (key === "length") continue;
      assert.deepEqual(read[key], bars[key], key);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
