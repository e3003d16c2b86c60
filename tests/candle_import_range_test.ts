/**
 * @module
 * Candle imports (CSV and Parquet) keep exactly the sessions of `--from`..`--to`: a file
 * that spans more days yields the same minutes derivation from trades would, under a
 * dataset id that names the range.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { allocBars, type Bars } from "../src/domain/bars.ts";
import { LocalMarketData } from "../src/market/build_dataset.ts";
import { sessionsBetween } from "../src/market/calendar/mod.ts";
import { readBarsParquet } from "../src/store/bars_parquet.ts";
import { encodeBarsParquet } from "../src/store/bars_parquet.ts";
import { SqliteCatalog } from "../src/store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../src/store/data_dir.ts";

const MIN = 60_000;

/** Extended-hours minutes of every session from 2023-12-26 to 2024-02-06. */
function wideCandles(): Bars {
  const times: number[] = [];
  for (const s of sessionsBetween("2023-12-26", "2024-02-06")) {
    for (let t = s.preOpenMs; t < s.postCloseMs; t += MIN) times.push(t);
  }
  const bars = allocBars(times.length);
  times.forEach((t, i) => {
    bars.ts[i] = t;
    bars.open[i] =
      bars.high[i] =
      bars.low[i] =
      bars.close[i] =
      bars.vwap[i] =
        100 + (i % 7);
    bars.volume[i] = 1;
  });
  return bars;
}

function toCsv(bars: Bars): string {
  const rows = ["ts,open,high,low,close,volume"];
  for (let i = 0; i < bars.length; i++) {
    const p = bars.close[i];
    rows.push(`${new Date(bars.ts[i]).toISOString()},${p},${p},${p},${p},1`);
  }
  return rows.join("\n") + "\n";
}

function nyDate(ts: number): string {
  return new Date(ts).toLocaleDateString("en-CA", { timeZone: "America/New_York" });
}

async function importJanuary(
  kind: "csv" | "parquet",
  extendedHours: boolean,
): Promise<{ bars: Bars; from: string; to: string }> {
  const root = await Deno.makeTempDir();
  const dir = resolveDataDir(root);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  try {
    const candles = wideCandles();
    const path = join(root, `candles.${kind}`);
    if (kind === "csv") await Deno.writeTextFile(path, toCsv(candles));
    else await Deno.writeFile(path, await encodeBarsParquet(candles));
    const res = await new LocalMarketData(dir, catalog).ensureDataset({
      symbol: "ACME",
      from: "2024-01-02",
      to: "2024-01-31",
      extendedHours,
      source: { kind, path },
    });
    const bars = await readBarsParquet(join(root, res.dataset.barsParquet[0]));
    assert.equal(res.bars, bars.length);
    return { bars, from: res.dataset.fromDate, to: res.dataset.toDate };
  } finally {
    catalog.close();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("a CSV import of January 2024 keeps its 21 regular sessions: 8,190 bars", async () => {
  const { bars, from, to } = await importJanuary("csv", false);
  assert.equal(bars.length, 21 * 390);
  const days = new Set(Array.from(bars.ts, nyDate));
  assert.equal(days.size, 21);
  assert.equal(nyDate(bars.ts[0]), "2024-01-02");
  assert.equal(nyDate(bars.ts[bars.length - 1]), "2024-01-31");
  assert.equal(bars.ts[0], Date.UTC(2024, 0, 2, 14, 30));
  assert.equal(bars.ts[bars.length - 1], Date.UTC(2024, 0, 31, 20, 59));
  assert.deepEqual([from, to], ["2024-01-02", "2024-01-31"]);
});

Deno.test("a Parquet import of January 2024 with extended hours keeps 21 sessions of 04:00–20:00 ET", async () => {
  const { bars } = await importJanuary("parquet", true);
  assert.equal(bars.length, 21 * 960);
  assert.equal(bars.ts[0], Date.UTC(2024, 0, 2, 9, 0));
  assert.equal(bars.ts[bars.length - 1], Date.UTC(2024, 1, 1, 0, 59));
  assert.equal(new Set(Array.from(bars.ts, nyDate)).size, 21);
});
