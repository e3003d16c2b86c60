/**
 * @module
 * The run chart's series on one lightweight-charts chart: pane 0 candles with a volume
 * overlay and the fill markers, pane 1 equity, pane 2 drawdown, all on one time axis (New York
 * wall-clock seconds, the library being UTC-only). Whole sets go in with `setData` (load,
 * seek, interval change); playback moves with `update`/`pop` on the buckets that changed.
 */
import {
  BaselineSeries,
  CandlestickSeries,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  LineSeries,
  LineStyle,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from "lightweight-charts";
import { formatCandleTime, formatPositionLine } from "../format.ts";
import type { CandleSet } from "../state/candles.ts";
import { bucketOf } from "../state/candles.ts";
import type { RunSeriesData } from "../state/run_series.ts";

const USD = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const UP = "#26a69a";
const DOWN = "#ef5350";
const UP_VOL = "rgba(38,166,154,0.35)";
const DOWN_VOL = "rgba(239,83,80,0.35)";

/** The chart's series and markers. */
export class RunChart {
  readonly chart: IChartApi;
  readonly #candles: ISeriesApi<"Candlestick">;
  readonly #volume: ISeriesApi<"Histogram">;
  readonly #equity: ISeriesApi<"Line">;
  readonly #drawdown: ISeriesApi<"Baseline">;
  readonly #markers: ISeriesMarkersPluginApi<Time>;
  #groups: FillGroup[] = [];
  /** Time of each group, for binary searches. */
  #groupTimes = new Float64Array(0);
  #positionKey = -1;
  #positionLine: IPriceLine | null = null;
  #fillsMarked = 0;
  #markersFor = -1;
  /** What the markers were last set for: fills revealed and the window of candles. */
  #shown = { fills: -1, from: -1, to: -1 };
  #last: { set: CandleSet; d: RunSeriesData } | null = null;
  /** Whether the time labels are dates (day candles); null before the first set. */
  #dailyLabels: boolean | null = null;

  constructor(chart: IChartApi) {
    this.chart = chart;
    this.#candles = chart.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderVisible: false,
      wickUpColor: UP,
      wickDownColor: DOWN,
      priceLineVisible: false,
    }, 0);
    this.#volume = chart.addSeries(HistogramSeries, {
      priceScaleId: "volume",
      priceFormat: { type: "volume" },
      lastValueVisible: false,
      priceLineVisible: false,
    }, 0);
    chart.priceScale("volume", 0).applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    this.#equity = chart.addSeries(LineSeries, {
      color: "#5b9cf6",
      lineWidth: 2,
      priceLineVisible: false,
      priceFormat: {
        type: "custom",
        formatter: (v: number) => `$${USD.format(v)}`,
        minMove: 1,
      },
    }, 1);
    // Underwater: filled from 0 down to the curve.
    this.#drawdown = chart.addSeries(BaselineSeries, {
      baseValue: { type: "price", price: 0 },
      bottomLineColor: DOWN,
      bottomFillColor1: "rgba(239,83,80,0.10)",
      bottomFillColor2: "rgba(239,83,80,0.40)",
      topLineColor: DOWN,
      topFillColor1: "rgba(0,0,0,0)",
      topFillColor2: "rgba(0,0,0,0)",
      lineWidth: 1,
      priceLineVisible: false,
      priceFormat: {
        type: "custom",
        formatter: (v: number) => `${(v * 100).toFixed(1)} %`,
        minMove: 0.0001,
      },
    }, 2);
    this.#markers = createSeriesMarkers(this.#candles, [], { zOrder: "aboveSeries" });
    // Proportions, not pixels: they hold whatever height the box gets.
    const panes = chart.panes();
    panes[0]?.setStretchFactor(0.62);
    panes[1]?.setStretchFactor(0.23);
    panes[2]?.setStretchFactor(0.15);
    // Markers follow the view (see showFills); the window moves in steps of a screen width.
    chart.timeScale().subscribeVisibleLogicalRangeChange(() => {
      const last = this.#last;
      if (last) this.showFills(last.set, last.d, this.#fillsMarked);
    });
  }

  /** Replaces every series with the set (and the markers with the first `fills` fills). */
  setAll(set: CandleSet, d: RunSeriesData, fills: number): void {
    // The view moves while the data is replaced: no markers for the old set meanwhile.
    this.#last = null;
    this.#labelTimes(set.interval >= 390);
    const n = set.time.length;
    const candles = new Array(n);
    const volume = new Array(n);
    const equity = new Array(n);
    const drawdown = new Array(n);
    for (let k = 0; k < n; k++) {
      const time = set.time[k] as UTCTimestamp;
      candles[k] = {
        time,
        open: set.open[k],
        high: set.high[k],
        low: set.low[k],
        close: set.close[k],
      };
      volume[k] = {
        time,
        value: set.volume[k],
        color: set.close[k] >= set.open[k] ? UP_VOL : DOWN_VOL,
      };
      equity[k] = Number.isFinite(set.equity[k]) ? { time, value: set.equity[k] } : { time };
      drawdown[k] = Number.isFinite(set.drawdown[k]) ? { time, value: set.drawdown[k] } : { time };
    }
    this.#candles.setData(candles);
    this.#volume.setData(volume);
    this.#equity.setData(equity);
    this.#drawdown.setData(drawdown);
    this.#shown.fills = -1;
    this.showFills(set, d, fills);
  }

  /** Crosshair times: the date alone on day candles (a bucket's 00:00 ET says nothing). */
  #labelTimes(daily: boolean): void {
    if (daily === this.#dailyLabels) return;
    this.#dailyLabels = daily;
    this.chart.applyOptions({
      localization: { timeFormatter: (t: Time) => formatCandleTime(t as number, daily) },
    });
  }

  /** Redraws buckets `from …` of the set with `update` (after `pop(removed)`). */
  updateFrom(set: CandleSet, from: number, removed = 0): void {
    if (removed > 0) {
      this.#candles.pop(removed);
      this.#volume.pop(removed);
      this.#equity.pop(removed);
      this.#drawdown.pop(removed);
    }
    for (let k = from; k < set.time.length; k++) {
      const time = set.time[k] as UTCTimestamp;
      this.#candles.update({
        time,
        open: set.open[k],
        high: set.high[k],
        low: set.low[k],
        close: set.close[k],
      });
      this.#volume.update({
        time,
        value: set.volume[k],
        color: set.close[k] >= set.open[k] ? UP_VOL : DOWN_VOL,
      });
      this.#equity.update(
        Number.isFinite(set.equity[k]) ? { time, value: set.equity[k] } : { time },
      );
      this.#drawdown.update(
        Number.isFinite(set.drawdown[k]) ? { time, value: set.drawdown[k] } : { time },
      );
    }
  }

  /**
   * Reveals the first `fills` fills. Fine candles get one marker per fill; coarse ones one per
   * candle and side, labelled with how many fills it stands for (2,000 arrows on a year of
   * hourly candles would hide the prices). Only the markers of candles near the view are
   * handed to the chart: its marker plugin maps every marker it holds again on each data
   * update, so a year of them would cost every frame of a playback (and its garbage). The
   * window spans about three screen widths around the view, moves in steps of a width, and
   * markers are set again only when the fills revealed or the window changed.
   */
  showFills(set: CandleSet, d: RunSeriesData, fills: number): void {
    this.#last = { set, d };
    this.#fillsMarked = fills;
    if (this.#markersFor !== set.interval) {
      this.#groups = groupFills(d, set);
      this.#groupTimes = Float64Array.from(this.#groups, (g) => g.time);
      this.#markersFor = set.interval;
      this.#shown.fills = -1;
    }
    const [from, to] = this.#window(set);
    const shown = this.#shown;
    if (fills === shown.fills && from === shown.from && to === shown.to) return;
    this.#shown = { fills, from, to };
    const g = this.#groups;
    const n = set.time.length;
    // Groups in the window: candle times [from, to] (to past the end: up to the playhead).
    const g0 = from <= 0 || n === 0 ? 0 : lowerBound(this.#groupTimes, set.time[from] ?? Infinity);
    const g1 = to >= n - 1 ? g.length : lowerBound(this.#groupTimes, set.time[to + 1]);
    // Groups wholly revealed end at `k`; group k may be partly revealed.
    const k = Math.min(g1, upperBoundEnd(g, fills));
    const out: SeriesMarker<Time>[] = [];
    for (let i = g0; i < k; i++) out.push(...g[i].markers);
    if (k < g1 && k >= g0 && g[k].start < fills) out.push(...coarseMarkers(d, g[k], fills));
    this.#markers.setMarkers(out);
  }

  /** Candle index range `[from, to]` whose markers are shown, around the visible range. */
  #window(set: CandleSet): [number, number] {
    const r = this.chart.timeScale().getVisibleLogicalRange();
    const n = set.time.length;
    if (!r || n === 0) return [0, n];
    const w = Math.max(60, Math.ceil(r.to - r.from));
    const from = Math.max(0, Math.floor((r.from - w) / w) * w);
    const to = Math.ceil((r.to + w) / w) * w + w;
    return [from, to];
  }

  /** Fills revealed (up to the playhead); the markers of those near the view are drawn. */
  fillsMarked(): number {
    return this.#fillsMarked;
  }

  /**
   * The entry price line of the position open at the playhead (none when flat); redrawn only
   * when the opening fill changes.
   */
  showPosition(d: RunSeriesData, pos: number, fills: number): void {
    const qty = pos >= 0 ? d.position[pos] : 0;
    const key = qty === 0 || fills === 0 ? -1 : fills - 1;
    if (key === this.#positionKey) return;
    this.#positionKey = key;
    if (this.#positionLine) this.#candles.removePriceLine(this.#positionLine);
    this.#positionLine = null;
    const price = key < 0 ? 0 : d.fills.price[key];
    // The position is named on the last price's axis label: a second label of its own would
    // stack beside that one, over the axis's price labels.
    this.#candles.applyOptions({ title: key < 0 ? "" : formatPositionLine(qty, price) });
    if (key < 0) return;
    this.#positionLine = this.#candles.createPriceLine({
      price,
      color: qty > 0 ? UP : DOWN,
      lineWidth: 1,
      lineStyle: LineStyle.Dashed,
      axisLabelVisible: false,
    });
  }

  /** Markers handed to the chart now (those near the view). */
  markerCount(): number {
    return this.#markers.markers().length;
  }

  /** Keeps the last bucket at the right edge with the current zoom (or `candles` wide). */
  followEnd(count: number, candles?: number): void {
    const ts = this.chart.timeScale();
    const r = ts.getVisibleLogicalRange();
    // Keep the zoom, within 60–400 candles; never scroll past the first candle.
    const width = Math.min(400, Math.max(60, candles ?? (r ? r.to - r.from : 150)));
    const to = Math.max(count + 3, width - 2);
    ts.setVisibleLogicalRange({ from: to - width, to });
  }
}

/** Index of the first element of the sorted `a` not below `x`. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of groups wholly revealed by the first `fills` fills (groups are in fill order). */
function upperBoundEnd(g: FillGroup[], fills: number): number {
  let lo = 0;
  let hi = g.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (g[mid].end <= fills) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fills `[start, end)`, all in one candle: one marker per side (one per fill when fine). */
interface FillGroup {
  start: number;
  end: number;
  time: UTCTimestamp;
  /** A session-day candle. */
  daily: boolean;
  /** Markers of the whole group. */
  markers: SeriesMarker<Time>[];
}

function sideMarker(time: UTCTimestamp, buy: boolean, n: number, id: string): SeriesMarker<Time> {
  return {
    time,
    position: buy ? "belowBar" : "aboveBar",
    shape: buy ? "arrowUp" : "arrowDown",
    color: buy ? UP : DOWN,
    id,
    size: 0.8,
    ...(n > 1 ? { text: String(n) } : {}),
  };
}

/** Markers of fills `[g.start, upTo)` of a coarse group: a buy and a sell marker with counts. */
function coarseMarkers(d: RunSeriesData, g: FillGroup, upTo: number): SeriesMarker<Time>[] {
  let buys = 0;
  let sells = 0;
  for (let i = g.start; i < upTo; i++) d.fills.side[i] > 0 ? buys++ : sells++;
  const out: SeriesMarker<Time>[] = [];
  // Counts help on intraday candles; on day candles they would crowd the prices.
  const daily = g.daily;
  if (buys) out.push(sideMarker(g.time, true, daily ? 1 : buys, `b-${g.start}`));
  if (sells) out.push(sideMarker(g.time, false, daily ? 1 : sells, `s-${g.start}`));
  return out;
}

function groupFills(d: RunSeriesData, set: CandleSet): FillGroup[] {
  const f = d.fills;
  const out: FillGroup[] = [];
  const fine = set.interval <= 5;
  for (let i = 0; i < f.n; i++) {
    const time = bucketOf(d.nyTs[f.bar[i]], set.interval) as UTCTimestamp;
    const last = out[out.length - 1];
    if (!fine && last && last.time === time) {
      last.end = i + 1;
      continue;
    }
    out.push({ start: i, end: i + 1, time, daily: set.interval === 390, markers: [] });
  }
  for (const g of out) {
    if (fine) {
      const i = g.start;
      const buy = f.side[i] > 0;
      g.markers = [{
        ...sideMarker(g.time, buy, 1, `fill-${i}`),
        size: 1,
        text: `${buy ? "B" : "S"} ${Math.round(f.qty[i])} @ ${f.price[i].toFixed(2)}`,
      }];
    } else g.markers = coarseMarkers(d, g, g.end);
  }
  return out;
}
