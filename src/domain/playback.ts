/**
 * @module
 * The playback wire protocol (design § Playback protocol, seed 000 § Playback Channel
 * Protocol) as zod schemas: the one source the server and the browser UI both import.
 * WebSocket `GET /backtests/{id}/ws` carries every message below; the SSE fallback
 * `GET /backtests/{id}/stream` carries the server → client ones; `GET /backtests/{id}/series`
 * answers {@link seriesResponse} (the exact state up to any bar, for seeks and the first paint).
 *
 * Speed: `val` is years of bars per hour of playback, where "a year of bars" is the run's own
 * `bars_per_year` (the constant its metrics annualise with): bars per second =
 * `speed × bars_per_year / 3600`. The default 60 plays a year in 60 s. No I/O here.
 */
import { z } from "zod";

/** Default speed: years of bars per hour of playback (a year in about 60 s). */
export const DEFAULT_SPEED = 60;
/** Slowest accepted speed (a year in 100 hours). */
export const MIN_SPEED = 0.01;
/** Fastest accepted speed (a year in 36 ms). */
export const MAX_SPEED = 100_000;
/** Nominal frame interval: about 30 frames per second. */
export const FRAME_INTERVAL_MS = 1000 / 30;
/** Heartbeat interval of the server. */
export const HEARTBEAT_MS = 5000;

/**
 * Bars per second of playback at `speed`.
 * @param speed years of bars per hour of playback
 * @param barsPerYear the run's bars per year (run-manifest.json `bars_per_year`)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // 60 years per hour = one year per minute.
 * assert.equal(barsPerSecond(60, 97_800), 97_800 / 60);
 * ```
 */
export function barsPerSecond(speed: number, barsPerYear: number): number {
  return (speed * barsPerYear) / 3600;
}

/** Control commands a client may send. */
export const CTRL_COMMANDS = ["play", "pause", "seek", "speed", "step"] as const;

/** A control command. */
export type CtrlCommand = (typeof CTRL_COMMANDS)[number];

/**
 * Client → server control. `pos` (seek): an ISO-8601 time or a bar index, snapped to the
 * nearest bar. `val`: the speed (speed) or a signed number of bars (step; pauses first).
 */
export const clientCtrl = z.object({
  t: z.literal("ctrl"),
  cmd: z.enum(CTRL_COMMANDS),
  pos: z.union([z.string().max(64), z.number()]).optional(),
  val: z.number().optional(),
});

/** A client control message. */
export type ClientCtrl = z.output<typeof clientCtrl>;

/** Client → server heartbeat echo (seed 000: "client may echo"); ignored but for liveness. */
export const clientHb = z.object({ t: z.literal("hb") });

/** Every message a client may send. */
export const clientMessage = z.discriminatedUnion("t", [clientCtrl, clientHb]);

/** A client message. */
export type ClientMessage = z.output<typeof clientMessage>;

/** Error codes of `err` messages (and of the playback routes' HTTP errors). */
export const PLAYBACK_ERROR_CODES = [
  "BAD_MESSAGE",
  "UNKNOWN_CMD",
  "RANGE",
  "BAD_SPEED",
  "RUN_NOT_FOUND",
  "RUN_NOT_DONE",
  "ARTIFACTS_NOT_FOUND",
] as const;

/** An `err` code. */
export type PlaybackErrorCode = (typeof PLAYBACK_ERROR_CODES)[number];

/** Server → client, first message of a session: what is being played and the start state. */
export const helloMessage = z.object({
  t: z.literal("hello"),
  run_id: z.string(),
  symbol: z.string(),
  /** Bars in the run. */
  bars: z.number().int(),
  /** Fills in the run. */
  fills: z.number().int(),
  /** ISO time of the first and the last bar. */
  from: z.string(),
  to: z.string(),
  speed: z.number(),
  /** WebSocket sessions start paused: the client sends `play`. SSE streams start playing. */
  playing: z.boolean(),
  /** Index of the last bar delivered; -1 before the first. */
  pos: z.number().int(),
  /** The run's bars per year: the unit of `speed`. */
  bars_per_year: z.number(),
  /** Nominal milliseconds between frames. */
  frame_interval_ms: z.number(),
});

/** The state after every accepted control message. */
export const stateMessage = z.object({
  t: z.literal("state"),
  playing: z.boolean(),
  speed: z.number(),
  /** Index of the last bar delivered (or about to be, after a seek); -1 before the first. */
  pos: z.number().int(),
});

/** One fill inside a frame (`qty` is unsigned; `side` gives the sign). */
export const frameOrder = z.object({
  bar: z.number().int(),
  ts: z.string(),
  side: z.enum(["buy", "sell"]),
  qty: z.number(),
  price: z.number(),
  fee: z.number(),
  slippage: z.number(),
});

/** A bar inside a frame: `[ts (UTC seconds), open, high, low, close, volume]`. */
export const frameBar = z.tuple([
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
]);

/**
 * A frame: the bars `[i0, i1)` (every bar since the previous frame; `i0` ahead of the previous
 * `i1` only when bars were dropped for a slow client), the fills at those bars, and equity,
 * drawdown and position at bar `i1 - 1`. `dropped` counts frames coalesced or dropped since
 * the last frame sent. `seek: true` marks the frame after a seek or step: it carries just
 * the bar at the new position (`i1 = i0 + 1`); rebuild the state before it from `/series`.
 */
export const frameMessage = z.object({
  t: z.literal("frame"),
  seq: z.number().int(),
  ts: z.string(),
  i0: z.number().int(),
  i1: z.number().int(),
  ohlc: z.array(frameBar),
  orders: z.array(frameOrder),
  equity: z.number().nullable(),
  drawdown: z.number().nullable(),
  position: z.number().nullable(),
  dropped: z.number().int(),
  seek: z.literal(true).optional(),
});

/** A frame message. */
export type FrameMessage = z.output<typeof frameMessage>;

/** Heartbeat, every {@link HEARTBEAT_MS}. */
export const hbMessage = z.object({ t: z.literal("hb") });

/** After the last bar was delivered while playing. The session stays open (seek, play). */
export const endMessage = z.object({ t: z.literal("end") });

/** A refused message or a failed session; the socket stays usable unless it is closed. */
export const errMessage = z.object({
  t: z.literal("err"),
  code: z.string(),
  msg: z.string(),
});

/** Every message a server may send. */
export const serverMessage = z.discriminatedUnion("t", [
  helloMessage,
  stateMessage,
  frameMessage,
  hbMessage,
  endMessage,
  errMessage,
]);

/** A server message. */
export type ServerMessage = z.output<typeof serverMessage>;

/**
 * `GET /backtests/{id}/series?from=&to=`: bars `[from_index, to_index]` (inclusive), the
 * equity curve aligned with them, and the fills at those bars, as columns. Times are UTC
 * seconds; fill `qty` is unsigned with its `side`.
 */
export const seriesResponse = z.object({
  run_id: z.string(),
  symbol: z.string(),
  /** First and last bar index of the slice; `to_index < from_index` for an empty slice. */
  from_index: z.number().int(),
  to_index: z.number().int(),
  /** Bars in the whole run. */
  total_bars: z.number().int(),
  bars_per_year: z.number(),
  bars: z.object({
    ts: z.array(z.number()),
    open: z.array(z.number()),
    high: z.array(z.number()),
    low: z.array(z.number()),
    close: z.array(z.number()),
    volume: z.array(z.number()),
  }),
  curve: z.object({
    equity: z.array(z.number().nullable()),
    drawdown: z.array(z.number().nullable()),
    position: z.array(z.number().nullable()),
  }),
  fills: z.object({
    bar: z.array(z.number().int()),
    ts: z.array(z.number()),
    side: z.array(z.enum(["buy", "sell"])),
    qty: z.array(z.number()),
    price: z.array(z.number()),
    fee: z.array(z.number()),
    slippage: z.array(z.number()),
  }),
});

/** A series response. */
export type SeriesResponse = z.output<typeof seriesResponse>;

/** A parsed client message, or the `err` to answer with. */
export type ParsedClientMessage =
  | { ok: true; msg: ClientMessage }
  | { ok: false; code: PlaybackErrorCode; msg: string };

/**
 * Parses one client text message: malformed JSON or shape → BAD_MESSAGE, a `ctrl` with a
 * `cmd` outside {@link CTRL_COMMANDS} → UNKNOWN_CMD.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseClientMessage('{"t":"ctrl","cmd":"play"}'), {
 *   ok: true,
 *   msg: { t: "ctrl", cmd: "play" },
 * });
 * assert.equal(parseClientMessage('{"t":"ctrl","cmd":"rewind"}').ok, false);
 * ```
 */
export function parseClientMessage(text: string): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: "BAD_MESSAGE", msg: "message is not JSON" };
  }
  const parsed = clientMessage.safeParse(value);
  if (parsed.success) return { ok: true, msg: parsed.data };
  const v = value as { t?: unknown; cmd?: unknown } | null;
  if (v && typeof v === "object" && v.t === "ctrl" && typeof v.cmd === "string") {
    if (!(CTRL_COMMANDS as readonly string[]).includes(v.cmd)) {
      return {
        ok: false,
        code: "UNKNOWN_CMD",
        msg: `unknown cmd ${JSON.stringify(v.cmd.slice(0, 40))}; use ${CTRL_COMMANDS.join(", ")}`,
      };
    }
  }
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? issue.path.join(".") + ": " : "";
  return {
    ok: false,
    code: "BAD_MESSAGE",
    msg: `${where}${issue.message} (expected {"t":"ctrl","cmd":…,"pos"?,"val"?})`,
  };
}
