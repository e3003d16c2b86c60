/**
 * Specs of the TCP front against a real `Deno.serve` on 127.0.0.1, driven by raw TCP clients
 * (slow heads, idle sockets, pipelined and chunked requests), `fetch`, an SSE stream and a real
 * WebSocket client.
 */
import assert from "node:assert/strict";
import { ConnectionFront, type FrontOptions } from "./connection_front.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Rig {
  url: string;
  port: number;
  front: ConnectionFront;
  stop(): Promise<void>;
}

/** 5 MiB whose every 4-byte word is its own index: any lost, doubled or reordered byte shows. */
function bigBody(): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(5 * 1024 * 1024 / 4);
  for (let i = 0; i < words.length; i++) words[i] = i;
  return new Uint8Array(words.buffer);
}

/** An upstream with `/hello`, `/echo` (POST body back), `/big` (5 MiB), `/sse` (a tick every 100 ms), `/ws`. */
function rig(o: Partial<FrontOptions> = {}): Rig {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/echo") return new Response(await req.text());
    if (path === "/big") return new Response(bigBody());
    if (path === "/sse") {
      let timer: ReturnType<typeof setInterval>;
      let n = 0;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          timer = setInterval(() => c.enqueue(enc.encode(`data: ${n++}\n\n`)), 100);
        },
        cancel() {
          clearInterval(timer);
        },
      });
      return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
    }
    if (path === "/ws") {
      const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 0 });
      socket.onmessage = (e) => socket.send(`echo ${e.data}`);
      return response;
    }
    return new Response("hello");
  });
  const front = ConnectionFront.listen({
    hostname: "127.0.0.1",
    port: 0,
    upstream: { hostname: "127.0.0.1", port: server.addr.port },
    headerTimeoutMs: 400,
    idleTimeoutMs: 800,
    tickMs: 50,
    ...o,
  });
  const port = front.addr.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    front,
    stop: async () => {
      await server.shutdown();
      await front.close();
    },
  };
}

/** Reads until the server closes; returns what came and how long the socket stayed open. */
async function readToClose(conn: Deno.Conn, t0: number): Promise<{ text: string; ms: number }> {
  const buf = new Uint8Array(4096);
  let text = "";
  try {
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += dec.decode(buf.subarray(0, n));
    }
  } catch { /* reset counts as closed */ }
  return { text, ms: performance.now() - t0 };
}

/** Sends `head` one byte every `everyMs` until the socket closes; returns when it closed. */
async function slowHead(port: number, everyMs: number): Promise<{ text: string; ms: number }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const t0 = performance.now();
  const closed = readToClose(conn, t0);
  const head = enc.encode("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200));
  let done = false;
  closed.then(() => done = true);
  (async () => {
    for (const b of head) {
      if (done) return;
      try {
        await conn.write(Uint8Array.of(b));
      } catch {
        return;
      }
      await sleep(everyMs);
    }
  })();
  const r = await closed;
  try {
    conn.close();
  } catch { /* closed */ }
  return r;
}

Deno.test("ConnectionFront closes a connection sending its head one byte at a time within the deadline, with 408", async () => {
  const r = rig();
  try {
    const { text, ms } = await slowHead(r.port, 50);
    assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    // Deadline 400 ms, checked every 50 ms.
    assert.ok(ms >= 380 && ms < 2500, `closed after ${ms} ms`);
    assert.equal(r.front.stats().headerTimeouts, 1);
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront closes a connection that sends nothing at all", async () => {
  const r = rig();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: r.port });
    const { text, ms } = await readToClose(conn, performance.now());
    conn.close();
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.ok(ms < 2500, `closed after ${ms} ms`);
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront keeps answering normal requests while 200 slow-head connections are open, then closes all 200", async () => {
  const r = rig({ headerTimeoutMs: 3000 });
  try {
    const slow = Array.from({ length: 200 }, () => slowHead(r.port, 100));
    await sleep(300);
    assert.equal(r.front.stats().open, 200);
    // None of them reached the HTTP server: it is connected once a head is whole.
    assert.equal(r.front.stats().relayed, 0);
    const res = await fetch(`${r.url}/hello`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "hello");
    // Answered while all 200 were still held open.
    assert.equal(r.front.stats().headerTimeouts, 0);
    const closed = await Promise.all(slow);
    for (const c of closed) assert.match(c.text, /^HTTP\/1\.1 408 /);
    assert.equal(r.front.stats().headerTimeouts, 200);
    await sleep(100);
    assert.equal(r.front.stats().open, 0);
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront restarts the head deadline for each request on a keep-alive connection", async () => {
  const r = rig();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: r.port });
    const t0 = performance.now();
    const closed = readToClose(conn, t0);
    // Three requests, each within its own deadline although together they take longer.
    for (let i = 0; i < 3; i++) {
      await conn.write(enc.encode("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
      await sleep(250);
      await conn.write(enc.encode("\r\n"));
      await sleep(50);
    }
    // Then a fourth head that stalls.
    await conn.write(enc.encode("GET /hello HTTP/1.1\r\n"));
    const { text, ms } = await closed;
    conn.close();
    assert.equal(text.match(/HTTP\/1\.1 200 OK/g)?.length, 3);
    assert.doesNotMatch(text, /408/, "no 408 after answers were sent on the connection");
    assert.ok(ms >= 900 + 380 && ms < 900 + 3000, `closed after ${ms} ms`);
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront follows chunked and length-delimited bodies, pipelined, on one connection", async () => {
  const r = rig();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: r.port });
    const closed = readToClose(conn, performance.now());
    const body = "x".repeat(70_000);
    await conn.write(enc.encode(
      "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
        "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n" +
        `POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n`,
    ));
    // The long body arrives in pieces, each well inside the idle deadline.
    for (let i = 0; i < body.length; i += 10_000) {
      await conn.write(enc.encode(body.slice(i, i + 10_000)));
      await sleep(20);
    }
    await conn.write(
      enc.encode("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    );
    const { text } = await closed;
    conn.close();
    assert.equal(text.match(/HTTP\/1\.1 200 OK/g)?.length, 3);
    assert.ok(text.includes("hello world"));
    assert.ok(text.includes(body));
    assert.ok(text.endsWith("hello"));
    assert.equal(r.front.stats().headerTimeouts, 0);
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront does not cut an SSE stream that outlives both deadlines", async () => {
  const r = rig();
  try {
    const res = await fetch(`${r.url}/sse`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const t0 = performance.now();
    let text = "";
    // 2.5 s: six header deadlines and three idle deadlines.
    while (performance.now() - t0 < 2500) {
      const { value, done } = await reader.read();
      assert.ok(!done, `stream ended after ${performance.now() - t0} ms`);
      text += value;
    }
    await reader.cancel();
    assert.ok((text.match(/^data: /gm)?.length ?? 0) >= 20);
    assert.equal(r.front.stats().headerTimeouts + r.front.stats().idleTimeouts, 0);
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront does not cut a silent WebSocket: an upgraded connection has no deadline", async () => {
  const r = rig();
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${r.port}/ws`);
    const messages: string[] = [];
    ws.onmessage = (e) => messages.push(e.data);
    let closed = false;
    ws.onclose = () => closed = true;
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    // Silent for 2 s: five header deadlines and more than two idle deadlines.
    await sleep(2000);
    assert.ok(!closed, "the WebSocket was closed");
    ws.send("ping");
    while (messages.length === 0) await sleep(10);
    assert.deepEqual(messages, ["echo ping"]);
    const done = new Promise((resolve) => ws.onclose = resolve);
    ws.close();
    await done;
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront closes a keep-alive connection idle past the idle deadline", async () => {
  const r = rig();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: r.port });
    const t0 = performance.now();
    const closed = readToClose(conn, t0);
    await conn.write(enc.encode("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    const { text, ms } = await closed;
    conn.close();
    assert.match(text, /^HTTP\/1\.1 200 OK/);
    assert.ok(ms >= 780 && ms < 3000, `closed after ${ms} ms`);
    assert.equal(r.front.stats().idleTimeouts, 1);
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront refuses a request head over 64 KiB with 431", async () => {
  const r = rig();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: r.port });
    const closed = readToClose(conn, performance.now());
    await conn.write(enc.encode(`GET /hello HTTP/1.1\r\nX-Big: ${"b".repeat(70_000)}`))
      .catch(() => 0);
    const { text } = await closed;
    conn.close();
    assert.match(text, /^HTTP\/1\.1 431 /);
  } finally {
    await r.stop();
  }
});

Deno.test("ConnectionFront passes a 5 MiB answer through whole and in order (its buffer grows for it)", async () => {
  const r = rig();
  try {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${r.url}/big`);
      const got = new Uint8Array(await res.arrayBuffer());
      assert.equal(res.status, 200);
      assert.deepEqual(got, bigBody());
    }
    // The keep-alive connection still answers small requests after the big ones.
    const res = await fetch(`${r.url}/hello`);
    assert.equal(await res.text(), "hello");
  } finally {
    await r.stop();
  }
});
