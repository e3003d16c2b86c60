/**
 * @module
 * One playback session: the play / pause / seek / speed / step state machine on an injected
 * clock, writing `hello`, `state`, `frame`, `hb`, `end` and `err` messages into a
 * {@link FrameSink}.
 *
 * Pacing: on play the session records an anchor (clock time, bars delivered); each tick, on
 * a fixed ~33.3 ms grid from that anchor, sends every bar whose playback time has come, so a
 * late timer makes a bigger frame, never a slower playback. The last frame is timed to the
 * due time of the last bar, not the next grid tick.
 *
 * Backpressure: while the sink's backlog is above `highWaterBytes`, produced frames are
 * coalesced into one pending range (`dropped` counts the frames folded into it); the range
 * keeps only its newest `maxPendingBars` bars (drop-oldest), so a session holds O(1) state
 * however slow its client. The clock never waits for the client. Pending bars are flushed
 * on pause and at the end regardless of the backlog (bounded by `maxPendingBars`).
 */
import {
  barsPerSecond,
  type ClientMessage,
  DEFAULT_SPEED,
  FRAME_INTERVAL_MS,
  HEARTBEAT_MS,
  MAX_SPEED,
  MIN_SPEED,
  type PlaybackErrorCode,
} from "../../domain/playback.ts";
import type { PlaybackControl, PlaybackSession } from "../../domain/ports.ts";
import type { Clock } from "./clock.ts";
import {
  dueAt,
  dueEnd,
  frameJson,
  nextTick,
  type PlayAnchor,
  snapPosition,
  splitRange,
} from "./frame_plan.ts";
import type { FrameSink, PlaybackCounters } from "./frame_sink.ts";
import type { RunReplayData } from "./run_replay_data.ts";

/** Options of a {@link Player}. */
export interface PlayerOptions {
  /** @default 60 (years of bars per hour) */
  speed?: number;
  /** Start playing at once (SSE) instead of paused (WebSocket). @default false */
  playing?: boolean;
  /** Index of the first bar to deliver. @default 0 */
  from?: number;
  /** @default 33.3 ms (30 frames per second) */
  frameIntervalMs?: number;
  /** @default 5000 */
  heartbeatMs?: number;
  /** Close the sink after this long paused with no client message; 0 = never. @default 600000 */
  idleMs?: number;
  /** Backlog above which frames are coalesced. @default 65536 */
  highWaterBytes?: number;
  /** Most bars in one frame (more due in one tick go out as several frames). @default 5000 */
  maxFrameBars?: number;
  /** Most bars a coalesced frame keeps (older ones are dropped). @default 20000 */
  maxPendingBars?: number;
  /** Close the sink after `end` (SSE: the stream is over). @default false */
  closeAtEnd?: boolean;
  counters?: PlaybackCounters;
  /** Called once when the session ends for any reason. */
  onClose?: () => void;
}

/** Close code of an idle session (application range 4000–4999). */
export const IDLE_CLOSE_CODE = 4000;

/** A playback session over one run's data (the `Streamer` port's `PlaybackSession`). */
export class Player implements PlaybackSession {
  readonly #d: RunReplayData;
  readonly #sink: FrameSink;
  readonly #clock: Clock;
  readonly #o: Required<Omit<PlayerOptions, "counters" | "onClose">>;
  readonly #counters: PlaybackCounters;
  readonly #onClose?: () => void;
  #playing = false;
  #speed: number;
  /** Next bar to deliver (bars `[0, cursor)` are behind the playhead). */
  #cursor: number;
  #anchor: PlayAnchor = { t0: 0, c0: 0, rate: 0 };
  #seq = 0;
  #pending: { i0: number; i1: number; frames: number } | null = null;
  #tick: number | undefined;
  #hb: number | undefined;
  #lastClient: number;
  #closed = false;

  /** @param data the run; @param sink the transport; @param clock time and timers */
  constructor(data: RunReplayData, sink: FrameSink, clock: Clock, opts: PlayerOptions = {}) {
    this.#d = data;
    this.#sink = sink;
    this.#clock = clock;
    this.#o = {
      speed: opts.speed ?? DEFAULT_SPEED,
      playing: opts.playing ?? false,
      from: opts.from ?? 0,
      frameIntervalMs: opts.frameIntervalMs ?? FRAME_INTERVAL_MS,
      heartbeatMs: opts.heartbeatMs ?? HEARTBEAT_MS,
      idleMs: opts.idleMs ?? 600_000,
      highWaterBytes: opts.highWaterBytes ?? 64 * 1024,
      maxFrameBars: opts.maxFrameBars ?? 5000,
      maxPendingBars: opts.maxPendingBars ?? 20_000,
      closeAtEnd: opts.closeAtEnd ?? false,
    };
    this.#counters = opts.counters ?? { framesProduced: 0, framesSent: 0, framesDropped: 0 };
    this.#onClose = opts.onClose;
    this.#speed = this.#o.speed;
    this.#cursor = Math.max(0, Math.min(data.length, this.#o.from));
    this.#lastClient = clock.now();
  }

  /** Whether frames are being produced. */
  get playing(): boolean {
    return this.#playing;
  }

  /** Index of the last bar delivered (-1 before the first). */
  get pos(): number {
    return this.#cursor - 1;
  }

  /** Current speed (years of bars per hour). */
  get speed(): number {
    return this.#speed;
  }

  /** Whether the session has ended. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends `hello`, starts the heartbeat, and plays at once when asked to. */
  start(): void {
    const d = this.#d;
    const iso = (i: number) => d.length ? new Date(d.ts[i]).toISOString() : "";
    this.#send(
      JSON.stringify({
        t: "hello",
        run_id: d.runId,
        symbol: d.symbol,
        bars: d.length,
        fills: d.fills.length,
        from: iso(0),
        to: iso(d.length - 1),
        speed: this.#speed,
        playing: this.#o.playing,
        pos: this.pos,
        bars_per_year: d.barsPerYear,
        frame_interval_ms: this.#o.frameIntervalMs,
      }),
      "hello",
    );
    this.#armHeartbeat();
    if (this.#o.playing) this.#play();
  }

  /** Applies one client message; a refused one is answered with `err`, the session goes on. */
  handle(msg: ClientMessage): void {
    if (this.#closed) return;
    this.#lastClient = this.#clock.now();
    if (msg.t === "hb") return;
    switch (msg.cmd) {
      case "play":
        if (!this.#playing) this.#play();
        return this.#state();
      case "pause":
        this.#pause();
        return this.#state();
      case "speed": {
        const v = msg.val;
        if (typeof v !== "number" || !Number.isFinite(v) || v < MIN_SPEED || v > MAX_SPEED) {
          return this.error(
            "BAD_SPEED",
            `speed val must be a number from ${MIN_SPEED} to ${MAX_SPEED} (years of bars per hour), got ${
              String(v)
            }`,
          );
        }
        this.#speed = v;
        if (this.#playing) this.#reanchor();
        return this.#state();
      }
      case "seek": {
        if (msg.pos === undefined) return this.error("BAD_MESSAGE", "seek needs pos");
        const snap = snapPosition(this.#d.ts, msg.pos);
        if (!snap.ok) return this.error(snap.code, snap.msg);
        return this.#seek(snap.index);
      }
      case "step": {
        const v = msg.val;
        if (typeof v !== "number" || !Number.isInteger(v) || v === 0) {
          return this.error("BAD_MESSAGE", `step val must be a whole number of bars ≠ 0`);
        }
        const target = this.pos + v;
        if (target < 0 || target > this.#d.length - 1) {
          return this.error(
            "RANGE",
            `step ${v} from bar ${this.pos} leaves the run's bars 0..${this.#d.length - 1}`,
          );
        }
        this.#pause();
        return this.#seek(target);
      }
    }
  }

  /** Applies a control in the port's shape (`action` for the wire's `cmd`). */
  control(msg: PlaybackControl): void {
    const { action, ...rest } = msg;
    this.handle({ t: "ctrl", cmd: action, ...rest });
  }

  /** Ends the session without a close code (the port's close: the client left). */
  close(): void {
    this.stop();
  }

  /** Sends an `err` message (the session goes on). */
  error(code: PlaybackErrorCode, msg: string): void {
    this.#send(JSON.stringify({ t: "err", code, msg }), "err");
  }

  /**
   * Ends the session: timers stop, and the sink is closed with `code`/`reason` when given
   * (pass nothing when the transport is already gone).
   */
  stop(code?: number, reason?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#playing = false;
    this.#clock.clearTimeout(this.#tick!);
    this.#clock.clearTimeout(this.#hb!);
    if (code !== undefined) {
      try {
        this.#sink.close(code, reason);
      } catch { /* already closed */ }
    }
    this.#onClose?.();
  }

  #play(): void {
    if (this.#d.length === 0) return this.error("RANGE", "the run has no bars");
    // At the end, play starts over: a seek frame at bar 0 tells the client to reset.
    if (this.#cursor >= this.#d.length) this.#seekFrame(0);
    this.#playing = true;
    this.#reanchor();
  }

  #pause(): void {
    if (!this.#playing) return;
    this.#playing = false;
    this.#clock.clearTimeout(this.#tick!);
    this.#flush(true);
  }

  #seek(index: number): void {
    this.#state(index);
    this.#seekFrame(index);
    if (this.#playing) this.#reanchor();
  }

  #seekFrame(index: number): void {
    this.#pending = null; // superseded: the client rebuilds from /series
    this.#cursor = index + 1;
    this.#counters.framesProduced++;
    this.#sendFrame(index, index + 1, 0, true);
  }

  #reanchor(): void {
    const rate = barsPerSecond(this.#speed, this.#d.barsPerYear) / 1000;
    this.#anchor = { t0: this.#clock.now(), c0: this.#cursor, rate };
    this.#schedule();
  }

  #schedule(): void {
    this.#clock.clearTimeout(this.#tick!);
    if (!this.#playing || this.#closed) return;
    const now = this.#clock.now();
    const a = this.#anchor;
    const tick = nextTick(a.t0, now, this.#o.frameIntervalMs);
    // The end is timed to the last bar's due time (a hair after it, so float error cannot
    // leave it one bar short and spin), unless that is already past.
    const last = dueAt(a, this.#d.length) + 0.01;
    const at = last > now ? Math.min(tick, last) : tick;
    this.#tick = this.#clock.setTimeout(() => this.#onTick(), Math.max(0, at - now));
  }

  #onTick(): void {
    if (!this.#playing || this.#closed) return;
    const end = dueEnd(this.#anchor, this.#clock.now(), this.#d.length);
    if (end > this.#cursor) {
      for (const [a, b] of splitRange(this.#cursor, end, this.#o.maxFrameBars)) {
        this.#counters.framesProduced++;
        this.#offer(a, b);
      }
      this.#cursor = end;
    } else this.#flush(false);
    if (this.#cursor >= this.#d.length) return this.#finish();
    this.#schedule();
  }

  /** Queues a produced frame and sends what the backlog allows. */
  #offer(i0: number, i1: number): void {
    const p = this.#pending;
    if (p) {
      p.i1 = i1;
      p.frames++;
      // Drop-oldest: a coalesced frame keeps only its newest bars.
      if (p.i1 - p.i0 > this.#o.maxPendingBars) p.i0 = p.i1 - this.#o.maxPendingBars;
    } else this.#pending = { i0, i1, frames: 1 };
    this.#flush(false);
  }

  #flush(force: boolean): void {
    const p = this.#pending;
    if (!p || (!force && this.#sink.backlog > this.#o.highWaterBytes)) return;
    this.#pending = null;
    this.#counters.framesDropped += p.frames - 1;
    this.#sendFrame(p.i0, p.i1, p.frames - 1, false);
  }

  #finish(): void {
    this.#playing = false;
    this.#flush(true);
    this.#send('{"t":"end"}', "end");
    if (this.#o.closeAtEnd) this.stop(1000, "end");
  }

  #sendFrame(i0: number, i1: number, dropped: number, seek: boolean): void {
    this.#seq++;
    this.#counters.framesSent++;
    this.#send(frameJson(this.#d, i0, i1, { seq: this.#seq, dropped, seek }), "frame", i1);
  }

  #state(pos = this.pos): void {
    this.#send(
      `{"t":"state","playing":${this.#playing},"speed":${this.#speed},"pos":${pos}}`,
      "state",
    );
  }

  #armHeartbeat(): void {
    this.#hb = this.#clock.setTimeout(() => {
      if (this.#closed) return;
      const idle = this.#o.idleMs;
      if (idle > 0 && !this.#playing && this.#clock.now() - this.#lastClient >= idle) {
        return this.stop(IDLE_CLOSE_CODE, "idle timeout");
      }
      this.#send('{"t":"hb"}', "hb");
      this.#armHeartbeat();
    }, this.#o.heartbeatMs);
  }

  #send(text: string, kind: Parameters<FrameSink["send"]>[1], id?: number): void {
    if (this.#closed) return;
    try {
      this.#sink.send(text, kind, id);
    } catch {
      // The transport died under us: end quietly, its close handler may not come.
      this.stop();
    }
  }
}
