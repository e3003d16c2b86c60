/**
 * End-to-end spec of `hewston serve` against slow clients (slowloris): raw TCP connections that
 * send their request headers one byte at a time are closed at the header deadline, while the
 * server keeps answering everyone else.
 */
import assert from "node:assert/strict";
import { startServer } from "./_server.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Sends a request head a byte every 200 ms until the server closes; the reply and when. */
async function slowClient(url: string): Promise<{ reply: string; seconds: number }> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const t0 = performance.now();
  let closed = false;
  const reading = (async () => {
    const buf = new Uint8Array(1024);
    let reply = "";
    try {
      for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
        reply += dec.decode(buf.subarray(0, n));
      }
    } catch { /* reset: closed too */ }
    closed = true;
    return { reply, seconds: (performance.now() - t0) / 1000 };
  })();
  const head = enc.encode(
    `GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: ${"z".repeat(300)}`,
  );
  for (const b of head) {
    if (closed) break;
    try {
      await conn.write(Uint8Array.of(b));
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const result = await reading;
  try {
    conn.close();
  } catch { /* closed */ }
  return result;
}

Deno.test("hewston serve closes 50 slow-header connections at the header deadline and keeps answering", async () => {
  const dir = await Deno.makeTempDir();
  const srv = await startServer(dir, ["--no-demo", "--header-timeout", "2"]);
  try {
    const slow = Array.from({ length: 50 }, () => slowClient(srv.url));
    await new Promise((r) => setTimeout(r, 500));
    // Everyone else is answered while the 50 are held.
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${srv.url}/healthz`);
      assert.equal(res.status, 200);
      assert.equal((await res.json()).status, "ok");
    }
    for (const { reply, seconds } of await Promise.all(slow)) {
      assert.match(reply, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      // Before the fix they stayed open as long as bytes kept coming (the head takes 66 s).
      assert.ok(seconds >= 1.9 && seconds < 10, `closed after ${seconds} s`);
    }
    assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
  } finally {
    await srv.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
