/**
 * @module
 * Where a playback session writes: a WebSocket or an SSE stream, behind one small interface
 * (the design's `Streamer` port writes into it). The producer reads `backlog` before every
 * frame and coalesces while the transport lags.
 */
import type { ServerMessage } from "../../domain/playback.ts";
import type { FrameSink as FrameSinkPort } from "../../domain/ports.ts";

/**
 * A transport for one session's server → client messages: the `Streamer` port's sink, told
 * each message's kind and resume id (any port sink fits: it may ignore both).
 */
export interface FrameSink extends FrameSinkPort {
  /**
   * Sends one message as JSON text.
   * @param kind the message's `t` (SSE writes it as the event name)
   * @param id a resume position for SSE's `id:` line (frames: their `i1`)
   */
  send(text: string, kind?: ServerMessage["t"], id?: number): void;
  /** Bytes written and not yet handed to the network (WebSocket `bufferedAmount`). */
  readonly backlog: number;
  /** Ends the transport (WebSocket: a close frame with `code` and `reason`). */
  close(code?: number, reason?: string): void;
}

/** Counters a session reports into (the server's /metrics). */
export interface PlaybackCounters {
  framesProduced: number;
  framesSent: number;
  framesDropped: number;
}
