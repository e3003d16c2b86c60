/**
 * @module
 * Follows the HTTP/1.1 request framing of a client's byte stream, without changing a byte,
 * so the connection front (`connection_front.ts`) knows when a request's headers are still
 * arriving (the slow-header deadline runs), when a body is being sent, when the connection
 * sits between requests, and when it became a tunnel (an accepted WebSocket upgrade).
 *
 * It reads just enough: the header block's end (`\r\n\r\n`), `Content-Length`,
 * `Transfer-Encoding: chunked` (chunk sizes, then trailers) and `Upgrade`. The HTTP server
 * behind it does the real parsing and rejects malformed requests; anything this reader cannot
 * make sense of counts as a request without a body, which at worst restarts the deadline.
 */

/** Where a connection is in its request stream. */
export type FramingState =
  /** A request's head is arriving (or the first one has not started): the deadline runs. */
  | "headers"
  /** A request body (length-delimited or chunked) is arriving. */
  | "body"
  /** Between requests: the last one was read whole; a response may still be streaming. */
  | "idle"
  /** An upgrade request waits for the server's answer (101 makes a tunnel). */
  | "upgrading"
  /** Upgraded (WebSocket): the bytes are no longer HTTP requests. */
  | "tunnel";

/** Largest request head followed; a longer one is refused (431) by the front. */
export const MAX_HEAD_BYTES = 64 * 1024;

const CR = 13;
const LF = 10;
const decoder = new TextDecoder("latin1");

/** The request framing of one connection, fed the client's bytes in order. */
export class RequestFraming {
  /** The current state; see {@link FramingState}. */
  state: FramingState = "headers";
  /** Whether the head being read exceeded {@link MAX_HEAD_BYTES}. */
  headTooLarge = false;
  /** Requests whose head was read whole. */
  requests = 0;

  #head: number[] = [];
  #bodyLeft = 0;
  #chunked: "size" | "data" | "data-crlf" | "trailers" | null = null;
  #line: number[] = [];

  /**
   * Reads `bytes` from the client; returns true when a new request's head started in them
   * (the caller restarts the header deadline then).
   */
  feed(bytes: Uint8Array): boolean {
    let started = false;
    let i = 0;
    while (i < bytes.length) {
      if (this.state === "tunnel" || this.state === "upgrading") return started;
      if (this.state === "idle") {
        this.state = "headers";
        started = true;
      }
      if (this.state === "headers") {
        i = this.#readHead(bytes, i);
      } else if (this.#chunked !== null) {
        i = this.#readChunked(bytes, i);
      } else {
        const n = Math.min(this.#bodyLeft, bytes.length - i);
        this.#bodyLeft -= n;
        i += n;
        if (this.#bodyLeft === 0) this.state = "idle";
      }
    }
    return started;
  }

  /** The server's first response bytes after an upgrade request: 101 makes a tunnel. */
  upgradeAnswered(firstBytes: Uint8Array): void {
    if (this.state !== "upgrading") return;
    const line = decoder.decode(firstBytes.subarray(0, 16));
    this.state = /^HTTP\/1\.[01] 101 /.test(line) ? "tunnel" : "idle";
  }

  #readHead(bytes: Uint8Array, i: number): number {
    const head = this.#head;
    while (i < bytes.length) {
      const b = bytes[i++];
      // Blank lines before a request line are allowed (RFC 9112 §2.2) and skipped.
      if (head.length === 0 && (b === CR || b === LF)) continue;
      if (head.length >= MAX_HEAD_BYTES) {
        this.headTooLarge = true;
        return bytes.length;
      }
      head.push(b);
      const n = head.length;
      if (
        b === LF && n >= 4 && head[n - 2] === CR && head[n - 3] === LF && head[n - 4] === CR
      ) {
        this.#endOfHead(decoder.decode(Uint8Array.from(head)));
        this.#head = [];
        return i;
      }
    }
    return i;
  }

  #endOfHead(text: string): void {
    this.requests++;
    const lines = text.split("\r\n");
    let length = 0;
    let chunked = false;
    let upgrade = false;
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length" && /^\d{1,15}$/.test(value)) length = Number(value);
      else if (name === "transfer-encoding" && /(?:^|,)\s*chunked\s*$/i.test(value)) {
        chunked = true;
      } else if (name === "upgrade" && value !== "") upgrade = true;
    }
    if (upgrade) {
      this.state = "upgrading";
    } else if (chunked) {
      this.state = "body";
      this.#chunked = "size";
      this.#line = [];
    } else if (length > 0) {
      this.state = "body";
      this.#bodyLeft = length;
    } else {
      this.state = "idle";
    }
  }

  #readChunked(bytes: Uint8Array, i: number): number {
    while (i < bytes.length && this.#chunked !== null) {
      if (this.#chunked === "data") {
        const n = Math.min(this.#bodyLeft, bytes.length - i);
        this.#bodyLeft -= n;
        i += n;
        if (this.#bodyLeft === 0) this.#chunked = "data-crlf";
        continue;
      }
      const b = bytes[i++];
      if (b !== LF) {
        // A line longer than any sane chunk-size line or trailer: stop following it.
        if (this.#line.length < 1024) this.#line.push(b);
        continue;
      }
      const line = decoder.decode(Uint8Array.from(this.#line)).replace(/\r$/, "");
      this.#line = [];
      if (this.#chunked === "data-crlf") {
        this.#chunked = "size";
      } else if (this.#chunked === "size") {
        const size = parseInt(line.split(";")[0].trim(), 16);
        if (!Number.isFinite(size) || size <= 0) this.#chunked = "trailers";
        else {
          this.#bodyLeft = size;
          this.#chunked = "data";
        }
      } else if (line === "") {
        // The blank line after the trailers ends the body.
        this.#chunked = null;
        this.state = "idle";
      }
    }
    return i;
  }
}
