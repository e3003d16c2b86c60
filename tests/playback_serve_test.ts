/**
 * End-to-end spec of playback on the real `hewston serve` (random 127.0.0.1 port, temp data
 * dir): SIGTERM with open playback sockets and an SSE playback stream closes each socket with
 * a close frame (1001) and ends the stream, and the server exits promptly.
 */
import assert from "node:assert/strict";
import { PlaybackClient } from "../src/api/testing/playback_client.ts";
import { startServer } from "./_server.ts";

Deno.test("SIGTERM closes open playback sockets with 1001 and ends SSE playback; the server exits", async () => {
  const dir = await Deno.makeTempDir();
  const srv = await startServer(dir, ["--no-demo"]);
  let stopped = false;
  try {
    const post = await fetch(`${srv.url}/backtests`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        symbol: "TEST",
        from: "2024-03-04",
        to: "2024-03-08",
        strategy_id: "sma_crossover",
        params: { fast: 10, slow: 30 },
      }),
    });
    const runId = (await post.json()).run_id as string;
    // The events stream ends with the run's terminal event.
    const events = await (await fetch(`${srv.url}/backtests/${runId}/events/stream`)).text();
    assert.match(events, /event: done\n/);

    const ws = srv.url.replace("http:", "ws:");
    const clients = [
      new PlaybackClient(`${ws}/backtests/${runId}/ws`),
      new PlaybackClient(`${ws}/runs/${runId}/ws`),
    ];
    for (const c of clients) {
      await c.opened();
      await c.nextOf("hello");
      c.ctrl("speed", { val: 1 }); // a bar every 37 s: still playing at SIGTERM
      c.ctrl("play");
      await c.nextOf("state");
    }
    const sse = await fetch(`${srv.url}/backtests/${runId}/stream?speed=1`);
    const body = sse.text();

    const t0 = performance.now();
    await srv.stop(); // SIGTERM, then wait for the exit
    stopped = true;
    const exitMs = performance.now() - t0;
    for (const c of clients) {
      const closed = await c.whenClosed();
      assert.equal(closed.code, 1001);
      // Ours ("server shutting down") or Deno's own for upgraded sockets on shutdown.
      assert.match(closed.reason, /^[Ss]erver shutting down$/);
    }
    assert.match(await body, /^retry: 2000\n\nevent: hello\n/);
    assert.ok(exitMs < 10_000, `exited after ${exitMs} ms`);
  } finally {
    if (!stopped) await srv.kill();
    await Deno.remove(dir, { recursive: true });
  }
});
