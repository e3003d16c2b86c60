/**
 * @module
 * Test support for playback: a real WebSocket client (Deno's) that records every server
 * message with its arrival time and can wait for a message matching a predicate, and a
 * concatenation check of frames.
 */
import type { FrameMessage, ServerMessage } from "../../domain/playback.ts";
import { serverMessage } from "../../domain/playback.ts";

/** A received message and when it arrived (performance.now()). */
export interface Received {
  msg: ServerMessage;
  at: number;
}

/** A playback WebSocket client. */
export class PlaybackClient {
  readonly socket: WebSocket;
  readonly received: Received[] = [];
  /** Close event, once closed. */
  closed: CloseEvent | undefined;
  readonly #waiters: {
    pred: (m: ServerMessage) => boolean;
    from: number;
    resolve: (m: ServerMessage) => void;
  }[] = [];
  readonly #closing: Promise<CloseEvent>;

  /** Opens `url` (ws://…) with optional subprotocols; every message is checked with the schema. */
  constructor(url: string, protocols?: string[]) {
    this.socket = new WebSocket(url, protocols);
    this.#closing = new Promise((resolve) => {
      this.socket.onclose = (e) => {
        this.closed = e;
        resolve(e);
      };
    });
    this.socket.onmessage = (e) => {
      const msg = serverMessage.parse(JSON.parse(e.data as string));
      this.received.push({ msg, at: performance.now() });
      for (const w of [...this.#waiters]) {
        if (this.received.length - 1 >= w.from && w.pred(msg)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(msg);
        }
      }
    };
  }

  /** Resolves when the socket is open. */
  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState === WebSocket.OPEN) return resolve();
      this.socket.addEventListener("open", () => resolve(), { once: true });
      this.socket.addEventListener("error", () => reject(new Error("socket failed")), {
        once: true,
      });
    });
  }

  /** Sends a control message. */
  ctrl(cmd: string, extra: Record<string, unknown> = {}): void {
    this.socket.send(JSON.stringify({ t: "ctrl", cmd, ...extra }));
  }

  /**
   * The first message at or after index `from` of {@link received} matching `pred`
   * (waits up to `ms`).
   */
  next<T extends ServerMessage>(
    pred: (m: ServerMessage) => boolean,
    from = 0,
    ms = 30_000,
  ): Promise<T> {
    const hit = this.received.slice(from).find((r) => pred(r.msg));
    if (hit) return Promise.resolve(hit.msg as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message in ${ms} ms`)), ms);
      this.#waiters.push({
        pred,
        from,
        resolve: (m) => (clearTimeout(timer), resolve(m as T)),
      });
    });
  }

  /** Waits for a message of type `t` at or after index `from`. */
  nextOf<T extends ServerMessage>(t: ServerMessage["t"], from = 0, ms = 30_000): Promise<T> {
    return this.next<T>((m) => m.t === t, from, ms);
  }

  /** Frames received so far (from index `from`). */
  frames(from = 0): FrameMessage[] {
    return this.received.slice(from).map((r) => r.msg).filter((m): m is FrameMessage =>
      m.t === "frame"
    );
  }

  /** Closes (if open) and waits for the close event. */
  async close(code = 1000): Promise<CloseEvent> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code);
    return await this.#closing;
  }

  /** Resolves with the close event when the server closes. */
  whenClosed(): Promise<CloseEvent> {
    return this.#closing;
  }
}

/** Bar open times (UTC seconds) of frames in order, checking they join without gaps. */
export function concatFrames(
  frames: FrameMessage[],
): { ts: number[]; bars: number[][]; orders: FrameMessage["orders"] } {
  const ts: number[] = [];
  const bars: number[][] = [];
  const orders: FrameMessage["orders"] = [];
  let next = frames[0]?.i0 ?? 0;
  for (const f of frames) {
    if (f.i0 !== next) throw new Error(`frame ${f.seq} starts at bar ${f.i0}, expected ${next}`);
    if (f.ohlc.length !== f.i1 - f.i0) {
      throw new Error(`frame ${f.seq} holds ${f.ohlc.length} bars for [${f.i0}, ${f.i1})`);
    }
    for (const b of f.ohlc) (ts.push(b[0]), bars.push(b));
    orders.push(...f.orders);
    next = f.i1;
  }
  return { ts, bars, orders };
}
