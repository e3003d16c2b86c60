/**
 * @module
 * The run's chart with synchronized playback (container). Loads the whole series once
 * (`/series`, typed arrays), opens the playback connection (WebSocket, else SSE), and draws
 * at most once per animation frame up to the bar the server last reported: `update` on the
 * buckets that changed while playing, `setData` after a seek, a long step or an interval
 * change. The candle interval follows the pace while playing (about two candles per frame)
 * and the zoom while paused (1-minute when zoomed in). Owns the keyboard map: Space, ←/→,
 * [ ], Home/End.
 */
import { computed, effect, signal, useComputed } from "@preact/signals";
import { useEffect, useLayoutEffect, useMemo, useRef } from "preact/hooks";
import { openPlayback, type PlaybackConnection } from "../api/playback_socket.ts";
import type { DecodedSeries } from "../../../src/domain/series_binary.ts";
import { RunChart } from "../chart/run_chart.ts";
import type { IChartApi } from "lightweight-charts";
import { ChartPane } from "../chart/ChartPane.tsx";
import { PlaybackControls } from "../components/PlaybackControls.tsx";
import { PlayheadStats } from "../components/PlayheadStats.tsx";
import { formatCount, formatNyTime } from "../format.ts";
import {
  buildCandles,
  type CandleSet,
  extendCandles,
  type Interval,
  intervalForBarsPerFrame,
  intervalForZoom,
  truncateCandles,
} from "../state/candles.ts";
import { useServices } from "../state/context.ts";
import {
  applyServerMessage,
  createPlaybackState,
  moveLocally,
} from "../state/create_playback_state.ts";
import type { RunState } from "../state/create_run_state.ts";
import {
  barAtOrBefore,
  fillsUpTo,
  nextFillBar,
  prevFillBar,
  type RunSeriesData,
  seriesFromBinary,
  upperBound,
} from "../state/run_series.ts";

/** Props of {@link PlaybackSection}. */
export interface PlaybackSectionProps {
  runId: string;
  runState: RunState;
  /** The run's series (binary columns), already requested by the page. */
  series: Promise<DecodedSeries>;
}

/** Steps longer than this redraw with `setData` instead of `update`/`pop`. */
const INCREMENTAL_LIMIT = 2000;
/** Frames per second the server paces at. */
const FPS = 30;

/** Test and benchmark hooks: what the page last drew. */
interface PlaybackProbe {
  /** `performance.now()` of the first animation frame after the first draw with data. */
  firstPaintAt: number;
  drawn: number;
  lastDrawMs: number;
  markers: number;
  candles: number;
  pos: number;
  /** `performance.now()` when the server last said the playback ended (0: not yet). */
  endedAt: number;
}

/** The section. */
export function PlaybackSection({ runId, runState, series }: PlaybackSectionProps) {
  const { api } = useServices();
  const p = useMemo(() => createPlaybackState(), [runId]);
  const chartRef = useRef<RunChart | null>(null);
  const panelRef = useRef<HTMLElement>(null);
  const setRef = useRef<CandleSet | null>(null);
  const connRef = useRef<PlaybackConnection | null>(null);
  const probe = useMemo<PlaybackProbe>(
    () => ({
      firstPaintAt: 0,
      drawn: 0,
      lastDrawMs: 0,
      markers: 0,
      candles: 0,
      pos: -1,
      endedAt: 0,
    }),
    [runId],
  );
  /** What the chart holds after the last draw (for its accessible description). */
  const drawn = useMemo(
    () => signal({ bars: 0, candles: 0, interval: 1, fills: 0, markers: 0, ts: 0 }),
    [runId],
  );
  const chartLabel = useComputed(() => {
    const d = p.data.value;
    const x = drawn.value;
    if (!d || x.bars === 0) return "Price, equity and drawdown chart (loading)";
    return `Price, equity and drawdown chart: ${formatCount(x.bars)} of ${formatCount(d.n)} bars ` +
      `up to ${formatNyTime(x.ts)} in ${formatCount(x.candles)} candles of ` +
      `${intervalLabel(x.interval)}; ${formatCount(x.fills)} of ${formatCount(d.fills.n)} fills ` +
      `marked (${formatCount(x.markers)} markers)`;
  });

  // Load the series, then connect. Layout effects (here, for the drawing and in the chart
  // pane) run before the first paint, not after it: the chart is drawn a frame or two sooner.
  useLayoutEffect(() => {
    let cancelled = false;
    const t0 = performance.now();
    series.then((r) => {
      if (cancelled) return;
      const d = seriesFromBinary(r);
      p.data.value = d;
      p.pos.value = -1;
      p.target.value = d.n - 1;
      p.seekPending.value = true;
      (globalThis as { __hewstonSeriesMs?: number }).__hewstonSeriesMs = performance.now() - t0;
      // Drawn now: the chart paints in its next animation frame.
      if (chartRef.current) draw();
      connRef.current = openPlayback(api, runId, {
        onMessage: (m, stale) => applyServerMessage(p, m, stale),
        onTransport: (t) => (p.transport.value = t),
      }, { lastBar: d.n - 1, pos: d.n - 1, speed: p.speed.value, wsTimeoutMs: 2500 });
    }).catch((e) => (p.error.value = (e as Error).message));
    return () => {
      cancelled = true;
      connRef.current?.close();
    };
  }, [runId]);

  useEffect(() => effect(() => void (p.ended.value && (probe.endedAt = performance.now()))), [
    runId,
  ]);

  // Trade exits as bar indexes ("trades so far").
  useEffect(() =>
    effect(() => {
      const d = p.data.value;
      const trades = runState.trades.value;
      if (!d) return;
      const bars = Int32Array.from(
        trades.map((t) => barAtOrBefore(d, Date.parse(t.exitTs) / 1000)),
      );
      p.tradeExitBars.value = bars.sort();
    }), [runId]);

  // A selected trade: bring it on screen (moving the playhead to its exit if it is later).
  const focusRef = useRef<{ from: number; to: number } | null>(null);
  useEffect(() =>
    effect(() => {
      const n = runState.selectedTrade.value;
      const d = p.data.value;
      if (n === null || !d) return;
      const t = runState.trades.peek().find((x) => x.n === n);
      if (!t) return;
      const entry = barAtOrBefore(d, Date.parse(t.entryTs) / 1000);
      const exit = barAtOrBefore(d, Date.parse(t.exitTs) / 1000);
      focusRef.current = { from: entry, to: exit };
      panelRef.current?.scrollIntoView({ block: "nearest" });
      p.follow.value = false;
      if (exit > p.target.peek()) seek(exit);
      else schedule();
    }), [runId]);

  // Drawing: once per animation frame, up to the target.
  const rafRef = useRef(0);
  const schedule = () => {
    if (rafRef.current) return;
    rafRef.current = requestAnimationFrame(() => {
      rafRef.current = 0;
      draw();
    });
  };
  useLayoutEffect(() => {
    const dispose = effect(() => {
      void p.target.value;
      void p.seekPending.value;
      void p.playing.value;
      schedule();
    });
    return () => {
      dispose();
      cancelAnimationFrame(rafRef.current);
      rafRef.current = 0;
    };
  }, [runId]);

  const builtPlaying = useRef(false);
  /** Candles in view when a play starts (then the user's zoom is kept). */
  const playWidth = useRef<number | undefined>(undefined);
  const desiredInterval = (d: RunSeriesData, set: CandleSet | null): Interval => {
    if (p.playing.peek()) {
      return intervalForBarsPerFrame((p.speed.peek() * d.barsPerYear) / 3600 / FPS);
    }
    return set
      ? set.interval
      : intervalForZoom(d.n, chartRef.current?.chart.timeScale().width() ?? 1000);
  };

  const draw = () => {
    const rc = chartRef.current;
    const d = p.data.peek();
    if (!rc || !d) return;
    const t0 = performance.now();
    const to = Math.max(0, Math.min(d.n - 1, p.target.peek()));
    const from = p.pos.peek();
    let set = setRef.current;
    const interval = desiredInterval(d, set);
    const fills = fillsUpTo(d, to);
    let rebuilt = false;
    if (!set || set.interval !== interval || from < 0) {
      set = buildCandles(d, interval, to);
      rc.setAll(set, d, fills);
      rebuilt = true;
    } else if (to < set.end) {
      if (set.end - to > INCREMENTAL_LIMIT) {
        set = buildCandles(d, interval, to);
        rc.setAll(set, d, fills);
        rebuilt = true;
      } else {
        const { removed, from: k } = truncateCandles(set, d, to);
        rc.updateFrom(set, k, removed);
        rc.showFills(set, d, fills);
      }
    } else if (to > set.end) {
      if (to - set.end > INCREMENTAL_LIMIT && !p.playing.peek()) {
        set = buildCandles(d, interval, to);
        rc.setAll(set, d, fills);
        rebuilt = true;
      } else {
        const k = extendCandles(set, d, to);
        rc.updateFrom(set, k);
        rc.showFills(set, d, fills);
      }
    }
    setRef.current = set;
    if (rebuilt) builtPlaying.current = p.playing.peek();
    p.seekPending.value = false;
    p.pos.value = to;
    const focus = focusRef.current;
    if (focus) {
      focusRef.current = null;
      const pad = Math.max(30, (focus.to - focus.from) * 0.5);
      const a = d.nyTs[Math.max(0, Math.floor(focus.from - pad))];
      const b = d.nyTs[Math.min(to, Math.ceil(focus.to + pad))];
      zoomTo(rc, d, a, b);
    } else if (p.follow.peek()) {
      // Playing or stepping: the playhead at the right edge; after a seek: all up to it.
      if (p.playing.peek() || !rebuilt) {
        rc.followEnd(set.time.length, playWidth.current);
        playWidth.current = undefined;
      } else rc.chart.timeScale().fitContent();
    } else if (rebuilt && from < 0) rc.chart.timeScale().fitContent();
    // Paused after playing: the interval goes back to the zoom's (1-minute when zoomed in).
    if (!p.playing.peek() && builtPlaying.current) {
      builtPlaying.current = false;
      onZoom();
    }
    rc.showPosition(d, to, fills);
    describe(rc, d, setRef.current!);
    if (probe.drawn === 0) requestAnimationFrame(() => (probe.firstPaintAt = performance.now()));
    probe.drawn++;
    probe.lastDrawMs = performance.now() - t0;
    probe.markers = rc.markerCount();
    probe.candles = set.time.length;
    probe.pos = to;
  };

  const describe = (rc: RunChart, d: RunSeriesData, set: CandleSet) => {
    drawn.value = {
      bars: set.end + 1,
      candles: set.time.length,
      interval: set.interval,
      fills: rc.fillsMarked(),
      markers: rc.markerCount(),
      ts: d.ts[Math.max(0, set.end)],
    };
  };

  // A still chart re-aggregates to the zoom (debounced), keeping the visible time range.
  const zoomTimer = useRef(0);
  const zoomTo = (rc: RunChart, d: RunSeriesData, a: number, b: number) => {
    const bars = upperBound(d.nyTs, b) - upperBound(d.nyTs, a - 1);
    const want = intervalForZoom(bars, rc.chart.timeScale().width());
    const set = setRef.current;
    if (set && set.interval !== want) {
      const next = buildCandles(d, want, set.end);
      setRef.current = next;
      rc.setAll(next, d, fillsUpTo(d, next.end));
      describe(rc, d, next);
    }
    rc.chart.timeScale().setVisibleRange({ from: a as never, to: b as never });
  };
  const onZoom = () => {
    clearTimeout(zoomTimer.current);
    zoomTimer.current = setTimeout(() => {
      const rc = chartRef.current;
      const d = p.data.peek();
      const set = setRef.current;
      if (!rc || !d || !set || p.playing.peek()) return;
      const r = rc.chart.timeScale().getVisibleRange();
      if (!r) return;
      const a = r.from as number;
      const b = r.to as number;
      const bars = upperBound(d.nyTs, b + set.interval * 60) - upperBound(d.nyTs, a - 1);
      const want = intervalForZoom(bars, rc.chart.timeScale().width());
      if (want !== set.interval) zoomTo(rc, d, a, b);
    }, 200) as unknown as number;
  };

  const onChartReady = (chart: IChartApi) => {
    const rc = new RunChart(chart);
    chartRef.current = rc;
    (globalThis as { __hewstonPlayback?: PlaybackProbe }).__hewstonPlayback = probe;
    const ts = rc.chart.timeScale();
    ts.subscribeVisibleTimeRangeChange(onZoom);
    const onClick = (param: { time?: unknown }) => {
      const d = p.data.peek();
      if (!d || param.time === undefined) return;
      const t = param.time as number;
      const bar = Math.max(0, upperBound(d.nyTs, t) - 1);
      const trades = runState.trades.peek();
      const exits = p.tradeExitBars.peek();
      if (!trades.length) return;
      // The first trade exiting at or after the clicked bar (trades are in time order).
      const i = Math.min(trades.length - 1, upperBound(exits, bar - 1));
      runState.selectedTrade.value = trades[i].n;
    };
    rc.chart.subscribeClick(onClick);
    schedule();
    return () => {
      ts.unsubscribeVisibleTimeRangeChange(onZoom);
      rc.chart.unsubscribeClick(onClick);
      chartRef.current = null;
      setRef.current = null;
    };
  };

  // Controls.
  const send = (cmd: "play" | "pause" | "seek" | "speed" | "step", extra = {}) =>
    connRef.current?.send({ t: "ctrl", cmd, ...extra });
  const seek = (bar: number) => {
    const b = moveLocally(p, bar);
    send("seek", { pos: b });
  };
  const playPause = () => {
    if (p.playing.peek()) {
      // "Paused" shows when the server confirms: frames already on the wire still land first
      // (the socket is ordered), so the playhead never moves after the page says Paused.
      send("pause");
    } else {
      if (p.pos.peek() >= p.lastBar.peek()) seek(0);
      p.follow.value = true;
      playWidth.current = 150;
      p.playing.value = true;
      send("play");
    }
  };
  const step = (n: number) => {
    if (p.playing.peek()) {
      send("pause");
      p.playing.value = false;
    }
    const b = moveLocally(p, p.target.peek() + n);
    send("seek", { pos: b });
  };
  const jumpFill = (dir: -1 | 1) => {
    const d = p.data.peek();
    if (!d) return;
    // From where the playhead is going (like a step): keys pressed faster than frames are
    // drawn each act on the one before.
    const at = p.target.peek();
    const bar = dir > 0 ? nextFillBar(d, at) : prevFillBar(d, at);
    if (bar === null) return;
    if (p.playing.peek()) {
      send("pause");
      p.playing.value = false;
    }
    seek(bar);
  };
  const setSpeed = (val: number) => {
    p.speed.value = val;
    send("speed", { val });
  };

  // Keyboard map (not while typing in a field; buttons keep their own Space).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const tag = el?.tagName ?? "";
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
      if (tag === "BUTTON" && (e.key === " " || e.key === "Enter")) return;
      const d = p.data.peek();
      if (!d) return;
      const act: Record<string, () => void> = {
        " ": playPause,
        ArrowLeft: () => step(-1),
        ArrowRight: () => step(1),
        "[": () => jumpFill(-1),
        "]": () => jumpFill(1),
        Home: () => step(-d.n),
        End: () => step(d.n),
      };
      const fn = act[e.key];
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [runId]);

  const timeOf = (bar: number) => {
    const d = p.data.value;
    return d && bar >= 0 && bar < d.n ? formatNyTime(d.ts[bar]) : "—";
  };
  const loading = computed(() => !p.data.value);

  return (
    <section class="panel chart-panel" aria-label="Chart and playback" ref={panelRef}>
      <PlaybackControls
        playing={p.playing}
        ended={p.ended}
        speed={p.speed}
        pos={p.pos}
        lastBar={p.lastBar}
        follow={p.follow}
        transport={p.transport}
        timeOf={timeOf}
        onPlayPause={playPause}
        onStep={step}
        onSeek={seek}
        onSpeed={setSpeed}
        onFill={jumpFill}
        onFollow={(on) => {
          p.follow.value = on;
          if (on) schedule();
        }}
      />
      <PlayheadStats stats={p.stats} />
      {p.error.value ? <p role="alert" class="error">{p.error.value}</p> : null}
      {loading.value ? <p class="dim chart-loading">Loading bars, equity and fills…</p> : null}
      <ChartPane label={chartLabel} onReady={onChartReady} class="chart-run" />
      <p class="dim legend">
        Candles ET (New York) · <span class="up">▲ buy</span> <span class="down">▼ sell</span>{" "}
        fills · pane 2 equity · pane 3 drawdown · keys: Space play/pause, ←/→ step, [ ] fills,
        Home/End
      </p>
    </section>
  );
}

function intervalLabel(m: number): string {
  return m === 390 ? "1 day" : m === 60 ? "1 hour" : `${m} min`;
}
