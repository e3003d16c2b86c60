import assert from "node:assert/strict";
import type { SeriesResponse } from "../api/playback_types.ts";
import { seriesFromResponse } from "./run_series.ts";
import {
  buildCandles,
  extendCandles,
  intervalForBarsPerFrame,
  intervalForZoom,
  truncateCandles,
} from "./candles.ts";

/** Two sessions of 1-minute bars (09:30–09:39 ET on two days), prices rising by 1 per bar. */
function series(): ReturnType<typeof seriesFromResponse> {
  const ts: number[] = [];
  for (const day of [Date.UTC(2024, 0, 2, 14, 30), Date.UTC(2024, 6, 2, 13, 30)]) {
    for (let m = 0; m < 10; m++) ts.push(day / 1000 + m * 60);
  }
  const px = ts.map((_, i) => 100 + i);
  const r: SeriesResponse = {
    run_id: "r",
    symbol: "T",
    from_index: 0,
    to_index: ts.length - 1,
    total_bars: ts.length,
    bars_per_year: 97_000,
    bars: {
      ts,
      open: px,
      high: px.map((p) => p + 0.5),
      low: px.map((p) => p - 0.5),
      close: px.map((p) => p + 0.25),
      volume: px.map(() => 10),
    },
    curve: {
      equity: px.map((p) => 1000 + p),
      drawdown: px.map((_, i) => (i % 3) / 100),
      position: px.map(() => 0),
    },
    fills: { bar: [], ts: [], side: [], qty: [], price: [], fee: [], slippage: [] },
  };
  return seriesFromResponse(r);
}

Deno.test("buildCandles() buckets 1-minute bars on New York wall-clock boundaries", () => {
  const d = series();
  const c5 = buildCandles(d, 5, d.n - 1);
  // 09:30–09:34 and 09:35–09:39 on each of two days.
  assert.equal(c5.time.length, 4);
  assert.equal(new Date(c5.time[0] * 1000).toISOString(), "2024-01-02T09:30:00.000Z");
  assert.equal(new Date(c5.time[2] * 1000).toISOString(), "2024-07-02T09:30:00.000Z");
  assert.deepEqual(
    [c5.open[0], c5.high[0], c5.low[0], c5.close[0], c5.volume[0]],
    [100, 104.5, 99.5, 104.25, 50],
  );
  assert.equal(c5.equity[1], 1109);
  // The worst drawdown of the bucket, shown below zero.
  assert.equal(c5.drawdown[0], -0.02);
  const day = buildCandles(d, 390, d.n - 1);
  assert.equal(day.time.length, 2);
  assert.equal(day.close[1], 119.25);
});

Deno.test("extendCandles() grows the last bucket or adds new ones and says which changed", () => {
  const d = series();
  const set = buildCandles(d, 5, 2);
  assert.equal(set.time.length, 1);
  assert.equal(extendCandles(set, d, 3), 0);
  assert.equal(set.close[0], 103.25);
  assert.equal(extendCandles(set, d, 6), 0);
  assert.equal(set.time.length, 2);
  assert.equal(extendCandles(set, d, 11), 1);
  assert.deepEqual(set, buildCandles(d, 5, 11));
});

Deno.test("truncateCandles() cuts back to any bar exactly as building up to it would", () => {
  const d = series();
  for (const interval of [1, 5, 390] as const) {
    for (let to = 0; to < d.n - 1; to++) {
      const set = buildCandles(d, interval, d.n - 1);
      const before = set.time.length;
      const { removed, from } = truncateCandles(set, d, to);
      const want = buildCandles(d, interval, to);
      assert.deepEqual(set, want, `interval ${interval}, to ${to}`);
      assert.equal(before - removed, from);
    }
  }
});

Deno.test("the interval follows the playback pace and the zoom", () => {
  assert.equal(intervalForBarsPerFrame(1), 1);
  assert.equal(intervalForBarsPerFrame(9), 5);
  assert.equal(intervalForBarsPerFrame(54), 30);
  assert.equal(intervalForBarsPerFrame(5000), 390);
  assert.equal(intervalForZoom(1000, 1200), 5);
  assert.equal(intervalForZoom(20_000, 1200), 60);
});
