/**
 * @module
 * Test support for playback: a hand-driven clock, a recording sink whose backlog the test
 * sets, and small synthetic replay data (minute bars with known values and fills).
 */
import type { ServerMessage } from "../../../domain/playback.ts";
import { serverMessage } from "../../../domain/playback.ts";
import type { Clock } from "../clock.ts";
import type { FrameSink } from "../frame_sink.ts";
import { fillIndex, type RunReplayData } from "../run_replay_data.ts";

/** A clock that moves only when the test says so; timers fire in time order. */
export class FakeClock implements Clock {
  #t = 0;
  #next = 1;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.#t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: number): void {
    this.#timers.delete(handle);
  }

  /** Timers pending now. */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order at their own times; `lateMs`
   * fires each timer that much late (a loaded event loop).
   */
  advance(ms: number, lateMs = 0): void {
    const end = this.#t + ms;
    while (true) {
      let best: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#timers) if (!best || e[1].at < best[1].at) best = e;
      if (!best || best[1].at + lateMs > end) break;
      this.#timers.delete(best[0]);
      this.#t = Math.max(this.#t, best[1].at + lateMs);
      best[1].fn();
    }
    this.#t = end;
  }
}

/** A sink that records messages (parsed with the wire schema) with the clock time. */
export class RecordingSink implements FrameSink {
  readonly messages: { msg: ServerMessage; at: number; id?: number }[] = [];
  backlog = 0;
  closed: { code?: number; reason?: string } | undefined;

  /** @param clock stamps each message */
  constructor(readonly clock: Clock) {}

  send(text: string, kind?: ServerMessage["t"], id?: number): void {
    const msg = serverMessage.parse(JSON.parse(text));
    if (msg.t !== kind) throw new Error(`kind ${kind} for a ${msg.t} message`);
    this.messages.push({ msg, at: this.clock.now(), id });
  }

  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
  }

  /** Messages of type `t`. */
  of<T extends ServerMessage["t"]>(t: T): Extract<ServerMessage, { t: T }>[] {
    return this.messages.map((m) => m.msg).filter((m): m is Extract<ServerMessage, { t: T }> =>
      m.t === t
    );
  }
}

/**
 * Replay data of `n` minute bars from 2024-01-02 14:30 UTC: close = 100 + i, equity =
 * 1000 + i, a fill every 10th bar (buy on even tens, sell on odd), `barsPerYear` as given.
 */
export function syntheticReplay(n: number, barsPerYear = 3600): RunReplayData {
  const t0 = Date.UTC(2024, 0, 2, 14, 30);
  const ts = Float64Array.from({ length: n }, (_, i) => t0 + i * 60_000);
  const close = Float64Array.from({ length: n }, (_, i) => 100 + i);
  const fillBars = Int32Array.from({ length: Math.floor((n + 9) / 10) }, (_, k) => k * 10);
  const m = fillBars.length;
  return {
    runId: "synthetic",
    symbol: "TEST",
    barsPerYear,
    length: n,
    ts,
    open: close.map((c) => c - 0.5),
    high: close.map((c) => c + 1),
    low: close.map((c) => c - 1),
    close,
    volume: new Float64Array(n).fill(10),
    equity: Float64Array.from({ length: n }, (_, i) => 1000 + i),
    drawdown: new Float64Array(n),
    position: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 10) % 2),
    fills: {
      length: m,
      bar: fillBars,
      side: Int8Array.from({ length: m }, (_, k) => (k % 2 === 0 ? 1 : -1)),
      qty: new Float64Array(m).fill(1),
      price: Float64Array.from(fillBars, (b) => 100 + b),
      fee: new Float64Array(m).fill(0.01),
      slippage: new Float64Array(m).fill(0.02),
    },
    fillStart: fillIndex(fillBars, n),
    bytes: 0,
  };
}
