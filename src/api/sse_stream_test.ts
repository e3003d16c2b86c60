/**
 * Specs of the long-lived SSE body: the feed's text and heartbeats reach the reader, and the
 * feed's clean-up runs exactly once whichever way the stream ends (the feed closes it, the
 * signal aborts, the client cancels), with no timer left behind (the test sanitizers check).
 */
import assert from "node:assert/strict";
import { sseStream } from "./sse_stream.ts";

const dec = new TextDecoder();

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of body) text += dec.decode(chunk);
  return text;
}

Deno.test("sseStream() writes the feed's text, heartbeats on its interval, and cleans up when the feed closes", async () => {
  let cleanups = 0;
  let beats = 0;
  const body = sseStream({
    heartbeatMs: 10,
    signal: new AbortController().signal,
    start(feed) {
      feed.write("id: 1\nevent: stage\ndata: {}\n\n");
      const t = setTimeout(() => feed.close(), 80);
      return () => {
        clearTimeout(t);
        cleanups++;
      };
    },
    beforeHeartbeat: () => void beats++,
  });
  const text = await readAll(body);
  assert.ok(text.startsWith("id: 1\nevent: stage\ndata: {}\n\n"), text);
  const hb = text.match(/event: heartbeat\ndata: \{"ts":"[^"]+"\}\n\n/g) ?? [];
  assert.ok(hb.length >= 2, text);
  assert.equal(beats, hb.length, "beforeHeartbeat runs before each heartbeat");
  assert.equal(cleanups, 1);
});

Deno.test("sseStream() ends at once and cleans up when the feed closes during its backlog", async () => {
  let cleanups = 0;
  const body = sseStream({
    heartbeatMs: 10,
    signal: new AbortController().signal,
    start(feed) {
      feed.write("id: 9\nevent: done\ndata: {}\n\n");
      feed.close();
      feed.write("after close\n\n");
      return () => void cleanups++;
    },
  });
  assert.equal(await readAll(body), "id: 9\nevent: done\ndata: {}\n\n");
  assert.equal(cleanups, 1);
});

Deno.test("sseStream() ends and cleans up when the signal aborts, now or later", async () => {
  const stop = new AbortController();
  let cleanups = 0;
  const open = sseStream({
    heartbeatMs: 60_000,
    signal: stop.signal,
    start: (feed) => {
      feed.write(": hi\n\n");
      return () => void cleanups++;
    },
  });
  const reading = readAll(open);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(cleanups, 0);
  stop.abort();
  assert.equal(await reading, ": hi\n\n");
  assert.equal(cleanups, 1);

  const late = sseStream({
    heartbeatMs: 60_000,
    signal: stop.signal,
    start: () => () => void cleanups++,
  });
  assert.equal(await readAll(late), "");
  assert.equal(cleanups, 2);
});

Deno.test("sseStream() cleans up when the client cancels the body", async () => {
  let cleanups = 0;
  const body = sseStream({
    heartbeatMs: 60_000,
    signal: new AbortController().signal,
    start: (feed) => {
      feed.write(": hi\n\n");
      return () => void cleanups++;
    },
  });
  const reader = body.getReader();
  assert.equal(dec.decode((await reader.read()).value), ": hi\n\n");
  await reader.cancel();
  assert.equal(cleanups, 1);
});
