/**
 * @module
 * The scaffolding of a long-lived SSE body, shared by the event routes: a feed writes text
 * until it closes the stream; `event: heartbeat` goes out every `heartbeatMs`; the stream
 * ends when the feed closes it, when `signal` aborts (the server stopping) or when the client
 * goes away, and in every case the feed's clean-up (an unsubscribe) runs exactly once.
 */
import { formatSseHeartbeat } from "./sse.ts";

/** What a feed writes into: SSE text in, close when done. */
export interface SseFeed {
  /** Queues SSE text (a client that went away closes the stream). */
  write(text: string): void;
  /** Ends the stream (later calls do nothing). */
  close(): void;
  /** Whether the stream has ended. */
  readonly closed: boolean;
}

/** Options of {@link sseStream}. */
export interface SseStreamOptions {
  /** Interval of `event: heartbeat` frames, in milliseconds. */
  heartbeatMs: number;
  /** Ends the stream when aborted; an already-aborted signal ends it after `start`. */
  signal: AbortSignal;
  /**
   * Starts the feed once, when the body is first read: subscribe, then write the backlog
   * (so no event falls between the two). Returns the clean-up to run when the stream ends.
   */
  start(feed: SseFeed): (() => void) | void;
  /** Runs before each heartbeat is written (e.g. reading what another process stored). */
  beforeHeartbeat?(): void;
}

/**
 * A long-lived SSE body driven by `opts.start`.
 * @example
 * ```ts
 * const body = sseStream({
 *   heartbeatMs: 5000,
 *   signal: stop,
 *   start: (feed) => events.subscribe(id, (e) => feed.write(formatSseEvent(e))),
 * });
 * ```
 */
export function sseStream(opts: SseStreamOptions): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let closed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let cleanup: (() => void) | void;
  let ctl: ReadableStreamDefaultController<Uint8Array>;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    opts.signal.removeEventListener("abort", close);
    cleanup?.();
    try {
      ctl.close();
    } catch { /* already cancelled by the client */ }
  };
  const feed: SseFeed = {
    write(text) {
      if (closed) return;
      try {
        ctl.enqueue(enc.encode(text));
      } catch {
        close();
      }
    },
    close,
    get closed() {
      return closed;
    },
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      ctl = controller;
      cleanup = opts.start(feed);
      // The feed may have ended during its backlog, before it handed back its clean-up.
      if (closed) return void cleanup?.();
      if (opts.signal.aborted) return close();
      opts.signal.addEventListener("abort", close);
      timer = setInterval(() => {
        opts.beforeHeartbeat?.();
        feed.write(formatSseHeartbeat(new Date().toISOString()));
      }, opts.heartbeatMs);
    },
    // The client went away (Deno cancels the body stream when the connection closes).
    cancel() {
      close();
    },
  });
}
