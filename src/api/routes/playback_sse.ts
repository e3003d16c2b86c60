/**
 * @module
 * `GET /{id}/stream?speed=&from=` (under `/backtests` and `/runs`): the SSE fallback of
 * playback, a thin adapter of one {@link Player} (playing from the start) onto a byte stream.
 * Frames are `event: frame` with `id: <i1>` (the bar to resume at), so an EventSource
 * reconnecting with `Last-Event-ID` continues where it stopped; `hello`, `hb` and `end` are
 * events of their own, and the stream ends after `end`. Backlog = bytes queued in the stream
 * that the connection has not taken yet.
 */
import { Hono } from "hono";
import { HewstonError } from "../../domain/errors.ts";
import type { PlaybackService } from "../../services/playback/playback_service.ts";
import { snapPosition } from "../../services/playback/frame_plan.ts";
import type { FrameSink } from "../../services/playback/frame_sink.ts";
import type { Player } from "../../services/playback/player.ts";
import type { AppEnv, HttpMetrics } from "../deps.ts";
import { parseQuery } from "../_http.ts";
import { playbackStreamQuery } from "../playback_queries.ts";
import { SSE_CONTENT_TYPE } from "../sse.ts";

const HIGH_WATER = 64 * 1024;

/** The SSE playback route (relative to the run mount point). */
export function playbackSseRoutes(playback: PlaybackService, m: HttpMetrics): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/:id/stream", async (c) => {
    const id = c.req.param("id");
    c.set("runId", id);
    const q = parseQuery(c, playbackStreamQuery);
    const data = await playback.cache.get(id);
    const resume = c.req.header("Last-Event-ID");
    let from = 0;
    if (resume !== undefined && /^\d{1,10}$/.test(resume.trim())) from = Number(resume.trim());
    else if (q.from !== undefined) {
      const snap = snapPosition(data.ts, q.from);
      if (!snap.ok) throw new HewstonError(snap.code, snap.msg, { status: 400 });
      from = snap.index;
    }
    // Resuming after the last bar: nothing left; 204 tells an EventSource to stop.
    if (from >= data.length) return c.body(null, 204);
    const enc = new TextEncoder();
    let player: Player | undefined;
    let ctl!: ReadableStreamDefaultController<Uint8Array>;
    const sink: FrameSink = {
      send(text, kind, id) {
        const head = `${id === undefined ? "" : `id: ${id}\n`}event: ${kind ?? "message"}\n`;
        ctl.enqueue(enc.encode(`${head}data: ${text}\n\n`));
      },
      get backlog() {
        return HIGH_WATER - (ctl.desiredSize ?? 0);
      },
      close() {
        try {
          ctl.close();
        } catch { /* cancelled by the client */ }
      },
    };
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        ctl = controller;
        controller.enqueue(enc.encode("retry: 2000\n\n"));
        m.sseStreams++;
        m.playbackSessionsSse++;
        player = await playback.open(id, sink, {
          playing: true,
          speed: q.speed,
          from,
          closeAtEnd: true,
          onClose: () => m.playbackSessionsSse--,
        });
      },
      cancel() {
        player?.stop();
      },
    }, new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER }));
    return c.body(body, 200, {
      "Content-Type": SSE_CONTENT_TYPE,
      "Cache-Control": "no-cache",
      "X-Accel-Buffering": "no",
    });
  });
  return app;
}
