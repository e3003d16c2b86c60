/**
 * @module
 * Test support: a WebSocket client written over a raw TCP connection, so a test decides when
 * bytes are read from the socket. A real browser or Deno client reads as fast as the network
 * delivers; this one can stop reading, which fills the kernel buffers and makes the server
 * see a lagging client (its `bufferedAmount` grows). Text frames only; sends masked frames
 * as RFC 6455 requires of clients.
 */

/** A raw-TCP WebSocket client. */
export class RawWsClient {
  readonly #conn: Deno.Conn;
  #buf: Uint8Array = new Uint8Array(0);

  private constructor(conn: Deno.Conn, rest: Uint8Array) {
    this.#conn = conn;
    this.#buf = rest;
  }

  /** Connects to `ws://host:port/path` and completes the opening handshake. */
  static async connect(url: string): Promise<RawWsClient> {
    const u = new URL(url);
    const conn = await Deno.connect({ hostname: u.hostname, port: Number(u.port) });
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    const req = `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n` +
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
      `Sec-WebSocket-Version: 13\r\n\r\n`;
    await conn.write(new TextEncoder().encode(req));
    let head: Uint8Array = new Uint8Array(0);
    while (true) {
      const chunk = new Uint8Array(4096);
      const n = await conn.read(chunk);
      if (n === null) throw new Error("closed during the handshake");
      head = concat(head, chunk.subarray(0, n));
      const text = new TextDecoder().decode(head);
      const end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        if (!text.startsWith("HTTP/1.1 101")) throw new Error(text.split("\r\n")[0]);
        return new RawWsClient(conn, head.subarray(end + 4));
      }
    }
  }

  /** Sends a text message (masked). */
  async send(text: string): Promise<void> {
    const payload = new TextEncoder().encode(text);
    if (payload.length > 125) throw new Error("short messages only");
    const mask = crypto.getRandomValues(new Uint8Array(4));
    const frame = new Uint8Array(6 + payload.length);
    frame[0] = 0x81;
    frame[1] = 0x80 | payload.length;
    frame.set(mask, 2);
    for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i] ^ mask[i & 3];
    await this.#conn.write(frame);
  }

  /** The next text message, or null when the server closed. */
  async next(): Promise<string | null> {
    while (true) {
      const msg = this.#parse();
      if (msg !== undefined) return msg;
      const chunk = new Uint8Array(65536);
      const n = await this.#conn.read(chunk);
      if (n === null) return null;
      this.#buf = concat(this.#buf, chunk.subarray(0, n));
    }
  }

  /** Closes the TCP connection. */
  close(): void {
    try {
      this.#conn.close();
    } catch { /* closed */ }
  }

  /** One whole frame from the buffer: its text, null for a close frame, undefined if partial. */
  #parse(): string | null | undefined {
    const b = this.#buf;
    if (b.length < 2) return undefined;
    let len = b[1] & 0x7f, at = 2;
    if (len === 126) {
      if (b.length < 4) return undefined;
      len = (b[2] << 8) | b[3];
      at = 4;
    } else if (len === 127) {
      if (b.length < 10) return undefined;
      len = Number(new DataView(b.buffer, b.byteOffset + 2, 8).getBigUint64(0));
      at = 10;
    }
    if (b.length < at + len) return undefined;
    const opcode = b[0] & 0x0f;
    const payload = b.subarray(at, at + len);
    this.#buf = b.slice(at + len);
    if (opcode === 8) return null;
    if (opcode === 1) return new TextDecoder().decode(payload);
    return this.#parse(); // ping/pong/binary: skipped
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
