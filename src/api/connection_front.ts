/**
 * @module
 * The server's TCP front: accepts connections on the public address and relays each, byte for
 * byte, to the HTTP server (`Deno.serve` on a loopback port), closing the connections that
 * hold the server without sending a request. `Deno.serve` (Deno 2.9) has no header or idle
 * timeout, so a client sending its headers one byte a second kept a connection forever.
 *
 * - **Header deadline:** a request's head must arrive whole within `headerTimeoutMs` of its
 *   first byte (of the accept, for a connection's first request). Past it the connection is
 *   closed, with `408 Request Timeout` when nothing was answered on it yet.
 * - **Idle deadline:** between requests, or while a body arrives, a connection on which no byte
 *   moved either way for `idleTimeoutMs` is closed. A streamed response (SSE heartbeats)
 *   counts as movement.
 * - An accepted upgrade (a WebSocket's 101) turns the connection into a tunnel with no
 *   deadline: the WebSocket keeps its own pings.
 * - A request head over {@link MAX_HEAD_BYTES} gets 431 and the connection is closed.
 * - The HTTP server is connected only once a connection's first request head is whole, so
 *   connections that never send one (slowloris) never reach it.
 *
 * Deadlines are checked by one sweep a `tickMs`, not a timer per connection.
 */
import { MAX_HEAD_BYTES, RequestFraming } from "./request_framing.ts";

/** Options of {@link ConnectionFront.listen}. */
export interface FrontOptions {
  /** Public address to bind. */
  hostname: string;
  /** Public port (0: any free one). */
  port: number;
  /** The HTTP server the connections are relayed to (a loopback `Deno.serve`). */
  upstream: { hostname: string; port: number };
  /** Time a request head may take to arrive whole, in ms. @default 10000 */
  headerTimeoutMs?: number;
  /** Time without a byte either way between requests or during a body, in ms. @default 330000 */
  idleTimeoutMs?: number;
  /** How often deadlines are checked, in ms. @default min(1000, headerTimeoutMs / 4) */
  tickMs?: number;
}

/** Default header deadline: a head of a few hundred bytes takes milliseconds on any link. */
export const DEFAULT_HEADER_TIMEOUT_MS = 10_000;
/**
 * Default idle deadline: longer than the slowest SSE heartbeat a client may ask for (300 s),
 * so a quiet event stream is never cut.
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 330_000;

const BUFFER_BYTES = 16 * 1024;
/**
 * The largest server → client buffer: an answer that keeps filling the buffer (a run's series,
 * the UI bundle) grows it 4× per full read up to this, so megabytes move in a few dozen hops of
 * the event loop instead of hundreds (each hop waits behind whatever else the server does).
 * Idle and small-answer connections keep the small buffer.
 */
const MAX_DOWN_BUFFER_BYTES = 1024 * 1024;
const enc = new TextEncoder();
const REQUEST_TIMEOUT = enc.encode(
  "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
);
const HEAD_TOO_LARGE = enc.encode(
  "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
);

interface Relay {
  client: Deno.TcpConn;
  upstream: Deno.TcpConn | null;
  framing: RequestFraming;
  /** When the current request head started (or the connection was accepted). */
  headStartedAt: number;
  /** When the last byte moved either way. */
  lastActivity: number;
  /** Bytes sent to the client so far (a 408 goes only on a connection never answered). */
  bytesDown: number;
  closed: boolean;
  /** Settles when both directions have ended. */
  done: Promise<void>;
}

/** Counters of what the front did, for tests and `/metrics`. */
export interface FrontStats {
  /** Connections open now. */
  open: number;
  /** Of those, the ones relayed to the HTTP server (a whole request head arrived). */
  relayed: number;
  /** Connections closed for a slow request head. */
  headerTimeouts: number;
  /** Connections closed for idleness. */
  idleTimeouts: number;
}

/** A listening front; see the module doc. */
export class ConnectionFront {
  readonly #listener: Deno.TcpListener;
  readonly #o: Required<Omit<FrontOptions, "hostname" | "port">>;
  readonly #relays = new Set<Relay>();
  readonly #sweep: ReturnType<typeof setInterval>;
  readonly #accepting: Promise<void>;
  #headerTimeouts = 0;
  #idleTimeouts = 0;
  #stopped = false;

  private constructor(listener: Deno.TcpListener, o: FrontOptions) {
    this.#listener = listener;
    const headerTimeoutMs = o.headerTimeoutMs ?? DEFAULT_HEADER_TIMEOUT_MS;
    this.#o = {
      upstream: o.upstream,
      headerTimeoutMs,
      idleTimeoutMs: o.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      tickMs: o.tickMs ?? Math.max(10, Math.min(1000, headerTimeoutMs / 4)),
    };
    this.#sweep = setInterval(() => this.#checkDeadlines(), this.#o.tickMs);
    this.#accepting = this.#accept();
  }

  /**
   * Binds the public address and starts relaying.
   * @throws {Deno.errors.AddrInUse} when the address is taken
   */
  static listen(o: FrontOptions): ConnectionFront {
    return new ConnectionFront(
      Deno.listen({ hostname: o.hostname, port: o.port, transport: "tcp" }),
      o,
    );
  }

  /** The bound public address. */
  get addr(): Deno.NetAddr {
    return this.#listener.addr;
  }

  /** What the front did so far. */
  stats(): FrontStats {
    return {
      open: this.#relays.size,
      relayed: [...this.#relays].filter((r) => r.upstream !== null).length,
      headerTimeouts: this.#headerTimeouts,
      idleTimeouts: this.#idleTimeouts,
    };
  }

  /** Stops accepting; connections already open keep running until {@link close}. */
  stopAccepting(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    try {
      this.#listener.close();
    } catch { /* already closed */ }
  }

  /**
   * Stops accepting, lets every connection pass on what the server already sent (after the
   * server shut down, its connections are closed and the relays end by themselves) for up to
   * `graceMs`, then closes what is left.
   */
  async close(graceMs = 2000): Promise<void> {
    this.stopAccepting();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([...this.#relays].map((r) => r.done)),
      new Promise((resolve) => timer = setTimeout(resolve, graceMs)),
    ]);
    clearTimeout(timer);
    clearInterval(this.#sweep);
    for (const r of [...this.#relays]) this.#end(r);
    await this.#accepting;
  }

  async #accept(): Promise<void> {
    while (true) {
      let client: Deno.TcpConn;
      try {
        client = await this.#listener.accept();
      } catch {
        if (this.#stopped) return;
        // Out of file descriptors (many open connections) or a connection reset before it was
        // accepted: the listener is still good, so keep accepting after a breath.
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const now = performance.now();
      const relay: Relay = {
        client,
        upstream: null,
        framing: new RequestFraming(),
        headStartedAt: now,
        lastActivity: now,
        bytesDown: 0,
        closed: false,
        done: Promise.resolve(),
      };
      this.#relays.add(relay);
      relay.done = this.#run(relay).catch(() => this.#end(relay));
    }
  }

  /**
   * Client → server. The server is connected only once the first request head is whole
   * (those bytes wait here meanwhile): a connection that never sends one costs the HTTP
   * server nothing. Then every byte is followed by the framing and passed on.
   */
  async #run(r: Relay): Promise<void> {
    r.client.setNoDelay(true);
    const buf = new Uint8Array(BUFFER_BYTES);
    const pending: Uint8Array[] = [];
    let down: Promise<void> = Promise.resolve();
    while (!r.closed) {
      const n = await readOrNull(r.client, buf);
      if (n === null) break;
      r.lastActivity = performance.now();
      const chunk = buf.subarray(0, n);
      if (r.framing.state !== "tunnel") {
        if (r.framing.feed(chunk)) r.headStartedAt = r.lastActivity;
        if (r.framing.headTooLarge) {
          if (r.bytesDown === 0) await writeAll(r.client, HEAD_TOO_LARGE);
          break;
        }
      }
      if (r.upstream === null) {
        pending.push(chunk.slice());
        if (r.framing.requests === 0) continue;
        try {
          r.upstream = await Deno.connect({ ...this.#o.upstream, transport: "tcp" });
          r.upstream.setNoDelay(true);
        } catch {
          break;
        }
        if (r.closed) break;
        down = this.#down(r, r.upstream);
        const head = concat(pending);
        pending.length = 0;
        if (!(await writeAll(r.upstream, head))) break;
        continue;
      }
      if (!(await writeAll(r.upstream, chunk))) break;
    }
    // The client is done sending (or gone): the server may still answer what it got.
    if (!r.closed && r.upstream) await r.upstream.closeWrite().catch(() => {});
    if (r.upstream) await down;
    this.#end(r);
  }

  /** Server → client: passed on as it comes; a 101 after an upgrade request makes a tunnel. */
  async #down(r: Relay, upstream: Deno.TcpConn): Promise<void> {
    let buf = new Uint8Array(BUFFER_BYTES);
    while (!r.closed) {
      const n = await readOrNull(upstream, buf);
      if (n === null) break;
      r.lastActivity = performance.now();
      const chunk = buf.subarray(0, n);
      if (r.framing.state === "upgrading") r.framing.upgradeAnswered(chunk);
      r.bytesDown += n;
      if (!(await writeAll(r.client, chunk))) break;
      if (n === buf.length && buf.length < MAX_DOWN_BUFFER_BYTES) {
        buf = new Uint8Array(buf.length * 4);
      }
    }
    this.#end(r);
  }

  #checkDeadlines(): void {
    const now = performance.now();
    for (const r of this.#relays) {
      if (r.closed) continue;
      const state = r.framing.state;
      if (state === "headers" && now - r.headStartedAt > this.#o.headerTimeoutMs) {
        this.#headerTimeouts++;
        if (r.bytesDown === 0) {
          // Best effort: a client that reads nothing must not hold up the sweep.
          r.client.write(REQUEST_TIMEOUT).catch(() => {}).finally(() => this.#end(r));
          r.closed = true;
        } else this.#end(r);
      } else if (
        (state === "idle" || state === "body") && now - r.lastActivity > this.#o.idleTimeoutMs
      ) {
        this.#idleTimeouts++;
        this.#end(r);
      }
    }
  }

  #end(r: Relay): void {
    if (!this.#relays.delete(r)) return;
    r.closed = true;
    for (const c of [r.client, r.upstream]) {
      try {
        c?.close();
      } catch { /* already closed */ }
    }
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function readOrNull(conn: Deno.Conn, buf: Uint8Array): Promise<number | null> {
  try {
    return await conn.read(buf);
  } catch {
    return null;
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<boolean> {
  try {
    let off = 0;
    while (off < bytes.length) off += await conn.write(bytes.subarray(off));
    return true;
  } catch {
    return false;
  }
}

export { MAX_HEAD_BYTES };
