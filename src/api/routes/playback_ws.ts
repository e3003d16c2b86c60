/**
 * @module
 * `GET /{id}/ws` (under `/backtests` and `/runs`): the playback WebSocket, a thin adapter of
 * `Deno.upgradeWebSocket` onto one {@link Player}. The socket is a {@link FrameSink}
 * (backlog = `bufferedAmount`); text messages are parsed with the domain schema and handed to
 * the player. Sessions start paused. A message over 64 KiB closes the socket with 1009, more
 * than 40 messages in a second with 1008; a `bearer.<token>` subprotocol is accepted for auth
 * and `hewston.v1` is echoed when offered (never the token).
 */
import { Hono } from "hono";
import { HewstonError } from "../../domain/errors.ts";
import { type ClientMessage, parseClientMessage } from "../../domain/playback.ts";
import type { PlaybackService } from "../../services/playback/playback_service.ts";
import type { Player } from "../../services/playback/player.ts";
import type { AppEnv, HttpMetrics } from "../deps.ts";
import { parseQuery } from "../_http.ts";
import { playbackWsQuery } from "../playback_queries.ts";

const MAX_MESSAGE = 64 * 1024;
const MAX_PER_SECOND = 40;

/** The WebSocket route (relative to the run mount point). */
export function playbackWsRoutes(playback: PlaybackService, m: HttpMetrics): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/:id/ws", (c) => {
    const id = c.req.param("id");
    c.set("runId", id);
    parseQuery(c, playbackWsQuery);
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      playback.check(id);
      throw new HewstonError("UPGRADE_REQUIRED", "connect with a WebSocket client", {
        status: 426,
      });
    }
    // An unknown or unfinished run is reported in-band (err, then close 4404/4409): a browser
    // sees nothing of a refused upgrade but a failed socket.
    const offered = (c.req.header("Sec-WebSocket-Protocol") ?? "").split(",").map((p) => p.trim());
    const protocol = offered.find((p) => p === "hewston.v1") ?? offered.find((p) => p !== "");
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw, { protocol, idleTimeout: 30 });
    let player: Player | undefined;
    // Controls sent before the run's data is loaded wait for the player (a few at most).
    const early: ClientMessage[] = [];
    let window = 0, count = 0;
    // Deno may not fire onclose for a close the server started (denoland/deno#27924): the
    // session is stopped here rather than there.
    // Closing inside onmessage while more messages are queued makes Deno drop the connection
    // without the close frame; one turn later the frame goes out.
    let ending = false;
    const end = (code: number, reason: string) => {
      ending = true;
      setTimeout(() => (player ? player.stop(code, reason) : socket.close(code, reason)), 0);
    };
    const sink = {
      send: (text: string) => socket.send(text),
      get backlog() {
        return socket.bufferedAmount;
      },
      close: (code?: number, reason?: string) => socket.close(code, reason),
    };
    socket.onopen = () => {
      m.playbackSessionsWs++;
      const onClose = () => (m.playbackSessionsWs--, m.wsDisconnects++);
      playback.open(id, sink, { onClose }).then((p) => {
        if (socket.readyState !== WebSocket.OPEN) return p.stop();
        player = p;
        for (const msg of early.splice(0)) p.handle(msg);
      }, (err) => {
        onClose();
        const code = err instanceof HewstonError ? err.code : "INTERNAL";
        const msg = err instanceof HewstonError ? err.message : "internal error";
        const status = err instanceof HewstonError ? err.status : 500;
        try {
          socket.send(JSON.stringify({ t: "err", code, msg }));
          socket.close(status === 404 || status === 409 ? 4000 + status : 1011, code);
        } catch { /* the client left first */ }
      });
    };
    socket.onmessage = (e) => {
      if (ending) return;
      const now = performance.now();
      if (now - window >= 1000) (window = now, count = 0);
      if (++count > MAX_PER_SECOND) return end(1008, "too many control messages");
      const size = typeof e.data === "string" ? e.data.length : (e.data?.byteLength ?? 0);
      if (size > MAX_MESSAGE) return end(1009, "message too big");
      const parsed = typeof e.data === "string"
        ? parseClientMessage(e.data)
        : { ok: false as const, code: "BAD_MESSAGE" as const, msg: "send text messages" };
      if (!parsed.ok) {
        return socket.send(JSON.stringify({ t: "err", code: parsed.code, msg: parsed.msg }));
      }
      if (player) player.handle(parsed.msg);
      else if (early.length < 16) early.push(parsed.msg);
    };
    socket.onclose = () => player?.stop();
    socket.onerror = () => {};
    return response;
  });
  return app;
}
