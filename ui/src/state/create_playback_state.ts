/**
 * @module
 * The playback view model: where the playhead is, whether it plays and how fast, which
 * transport carries it, the stats at the playhead, and the target the server last reported
 * (the page draws up to it once per animation frame, however many frames arrived). Server
 * messages go through {@link applyServerMessage}; the page's controls through the actions.
 */
import { computed, signal } from "@preact/signals";
import type { ServerMessage } from "../api/playback_types.ts";
import type { PlaybackTransport } from "../api/playback_socket.ts";
import { fillsUpTo, type RunSeriesData, upperBound } from "./run_series.ts";

/** Speed presets (years of bars per hour) and their labels. */
export const SPEED_PRESETS: { val: number; label: string }[] = [
  { val: 1, label: "1 yr/h" },
  { val: 6, label: "1 yr/10 min" },
  { val: 60, label: "1 yr/min" },
  { val: 600, label: "1 yr/6 s" },
  { val: 3600, label: "1 yr/s" },
];

/** Signals of one run's playback. */
export function createPlaybackState() {
  const data = signal<RunSeriesData | null>(null);
  /** Bar index of the last trade exit of each trade, sorted (for "trades so far"). */
  const tradeExitBars = signal<Int32Array>(new Int32Array(0));
  const transport = signal<PlaybackTransport>("connecting");
  const playing = signal(false);
  const ended = signal(false);
  const speed = signal(60);
  /** The bar the chart shows up to. */
  const pos = signal(-1);
  /** The bar the server last reported; the chart catches up to it on the next animation frame. */
  const target = signal(-1);
  /** Whether the next move must rebuild (a seek or step) rather than extend. */
  const seekPending = signal(false);
  const follow = signal(true);
  /** Figures of the frame at the playhead (the server's), when it sent one for that bar. */
  const frameStats = signal<
    { bar: number; equity: number | null; drawdown: number | null; position: number | null } | null
  >(null);
  const error = signal<string | null>(null);
  const lastBar = computed(() => (data.value ? data.value.n - 1 : -1));
  const stats = computed(() => {
    const d = data.value;
    const p = pos.value;
    if (!d || p < 0) return null;
    const f = frameStats.value;
    const fromFrame = f && f.bar === p;
    return {
      ts: d.ts[p],
      equity: fromFrame && f.equity !== null ? f.equity : d.equity[p],
      drawdown: fromFrame && f.drawdown !== null ? f.drawdown : d.drawdown[p],
      position: fromFrame && f.position !== null ? f.position : d.position[p],
      fills: fillsUpTo(d, p),
      trades: upperBound(tradeExitBars.value, p),
      bars: p + 1,
    };
  });
  return {
    data,
    tradeExitBars,
    transport,
    playing,
    ended,
    speed,
    pos,
    target,
    seekPending,
    follow,
    frameStats,
    error,
    lastBar,
    stats,
  };
}

/** The playback state. */
export type PlaybackState = ReturnType<typeof createPlaybackState>;

/**
 * Applies one server message. Frames move the target (a `seek` frame asks for a rebuild);
 * `state` sets play/pause, speed and, when it moved, the target; `end` stops.
 * @param stale a later control is still unanswered: the message's position, play state and
 * end are already overtaken by what the page did since (only the speed is taken)
 */
export function applyServerMessage(s: PlaybackState, m: ServerMessage, stale = false): void {
  if (stale) {
    if (m.t === "state") s.speed.value = m.speed;
    if (m.t === "err") s.error.value = `${m.code}: ${m.msg}`;
    return;
  }
  switch (m.t) {
    case "frame": {
      const bar = m.i1 - 1;
      if (m.seek) s.seekPending.value = true;
      s.target.value = bar;
      s.frameStats.value = { bar, equity: m.equity, drawdown: m.drawdown, position: m.position };
      s.ended.value = false;
      break;
    }
    case "state":
      s.playing.value = m.playing;
      s.speed.value = m.speed;
      if (m.pos >= 0 && m.pos !== s.target.value) {
        s.target.value = m.pos;
        s.seekPending.value = true;
      }
      if (m.playing) s.ended.value = false;
      break;
    case "end":
      s.playing.value = false;
      s.ended.value = true;
      break;
    case "err":
      s.error.value = `${m.code}: ${m.msg}`;
      break;
    default:
      break;
  }
}

/**
 * Moves the playhead locally at once (seek, step, jump to a fill): the chart need not wait
 * for the server's answer, which then confirms the same bar.
 */
export function moveLocally(s: PlaybackState, bar: number): number {
  const clamped = Math.max(0, Math.min(s.lastBar.value, Math.round(bar)));
  s.target.value = clamped;
  s.seekPending.value = true;
  s.ended.value = false;
  return clamped;
}
