/**
 * @module
 * A dataset's preview: candles and volume on a New York time axis (the library being
 * UTC-only, times are shifted to New York wall-clock seconds), dates alone for daily candles.
 * Presentational: it draws the candles it is given.
 */
import { signal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import {
  CandlestickSeries,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type Time,
  type UTCTimestamp,
} from "lightweight-charts";
import type { DatasetCandles } from "../api/types.ts";
import { formatCandleTime, formatCount, formatNyWall, toNySec } from "../format.ts";
import { ChartPane } from "./ChartPane.tsx";

const UP = "#26a69a";
const DOWN = "#ef5350";

/** Props of {@link DatasetChart}. */
export interface DatasetChartProps {
  candles: DatasetCandles;
}

const INTERVAL_TEXT: Record<DatasetCandles["interval"], string> = {
  "1m": "1-minute",
  "5m": "5-minute",
  "15m": "15-minute",
  "30m": "30-minute",
  "1h": "hourly",
  "1d": "daily (one per New York trading date)",
};

/** What the chart holds, in words (its accessible name). */
export function describeCandles(c: DatasetCandles): string {
  const n = c.time.length;
  if (n === 0) return `Candles of ${c.symbol}: none in this range`;
  const first = formatNyWall(toNySec(c.time[0]));
  const last = formatNyWall(toNySec(c.time[n - 1]));
  return `Candles of ${c.symbol}: ${formatCount(n)} ${INTERVAL_TEXT[c.interval]} candles of ` +
    `${formatCount(c.bars)} bars over ${
      formatCount(c.days)
    } trading days, ${first} ET to ${last} ET`;
}

/** The chart. */
export function DatasetChart({ candles }: DatasetChartProps) {
  const series = useRef<
    { chart: IChartApi; price: ISeriesApi<"Candlestick">; volume: ISeriesApi<"Histogram"> } | null
  >(null);
  const current = useMemo(() => ({ candles }), []);
  current.candles = candles;
  const label = useMemo(() => signal(describeCandles(candles)), []);

  const draw = (c: DatasetCandles) => {
    const s = series.current;
    if (!s) return;
    const daily = c.interval === "1d";
    s.chart.applyOptions({
      timeScale: { timeVisible: !daily },
      localization: {
        timeFormatter: (t: Time) => formatCandleTime(t as number, daily),
      },
    });
    const n = c.time.length;
    const price = new Array(n);
    const volume = new Array(n);
    for (let i = 0; i < n; i++) {
      const time = toNySec(c.time[i]) as UTCTimestamp;
      price[i] = { time, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i] };
      volume[i] = {
        time,
        value: c.volume[i],
        color: c.close[i] >= c.open[i] ? "rgba(38,166,154,0.35)" : "rgba(239,83,80,0.35)",
      };
    }
    s.price.setData(price);
    s.volume.setData(volume);
    s.chart.timeScale().fitContent();
  };
  useEffect(() => {
    label.value = describeCandles(candles);
    draw(candles);
  }, [candles]);

  return (
    <ChartPane
      class="dataset-chart"
      label={label}
      onReady={(chart) => {
        const price = chart.addSeries(CandlestickSeries, {
          upColor: UP,
          downColor: DOWN,
          borderVisible: false,
          wickUpColor: UP,
          wickDownColor: DOWN,
          priceLineVisible: false,
        });
        const volume = chart.addSeries(HistogramSeries, {
          priceScaleId: "volume",
          priceFormat: { type: "volume" },
          lastValueVisible: false,
          priceLineVisible: false,
        });
        chart.priceScale("volume").applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
        series.current = { chart, price, volume };
        draw(current.candles);
        return () => (series.current = null);
      }}
    />
  );
}
