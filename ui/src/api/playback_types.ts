/**
 * @module
 * The playback protocol's message types as the UI sees them. The server's zod schemas in
 * `src/domain/playback.ts` are the one source; until that module is on main these mirror
 * the announced contract field for field (type-only: nothing of zod enters the bundle).
 */

/** Client → server control. */
export interface ClientCtrl {
  t: "ctrl";
  cmd: "play" | "pause" | "seek" | "speed" | "step";
  pos?: string | number;
  val?: number;
}

/** First message of a session. */
export interface HelloMessage {
  t: "hello";
  run_id: string;
  symbol: string;
  bars: number;
  fills: number;
  from: string;
  to: string;
  speed: number;
  playing: boolean;
  pos: number;
  bars_per_year: number;
  frame_interval_ms?: number;
}

/** State after a control message. */
export interface StateMessage {
  t: "state";
  playing: boolean;
  speed: number;
  pos: number;
}

/** A fill inside a frame. */
export interface FrameOrder {
  bar: number;
  ts: string;
  side: "buy" | "sell";
  qty: number;
  price: number;
  fee: number;
  slippage: number;
}

/** Bars `[i0, i1)` with their fills, and equity/drawdown/position at bar `i1 - 1`. */
export interface FrameMessage {
  t: "frame";
  seq: number;
  ts: string;
  i0: number;
  i1: number;
  ohlc: [number, number, number, number, number, number][];
  orders: FrameOrder[];
  equity: number | null;
  drawdown: number | null;
  position: number | null;
  dropped: number;
  seek?: true;
}

/** Every message a server may send. */
export type ServerMessage =
  | HelloMessage
  | StateMessage
  | FrameMessage
  | { t: "hb" }
  | { t: "end" }
  | { t: "err"; code: string; msg: string };

/** `GET /backtests/{id}/series`: bars, curve and fills as columns (times in UTC seconds). */
export interface SeriesResponse {
  run_id: string;
  symbol: string;
  from_index: number;
  to_index: number;
  total_bars: number;
  bars_per_year: number;
  bars: {
    ts: number[];
    open: number[];
    high: number[];
    low: number[];
    close: number[];
    volume: number[];
  };
  curve: {
    equity: (number | null)[];
    drawdown: (number | null)[];
    position: (number | null)[];
  };
  fills: {
    bar: number[];
    ts: number[];
    side: ("buy" | "sell")[];
    qty: number[];
    price: number[];
    fee: number[];
    slippage: number[];
  };
}
