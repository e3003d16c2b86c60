/**
 * @module
 * One playback connection for a run: the WebSocket `GET /backtests/{id}/ws` first; when the
 * socket cannot open (refused, blocked by a proxy, or silent for `wsTimeoutMs`) it falls back
 * by itself to the SSE stream `GET /backtests/{id}/stream?speed=&from=`. Both hand the same
 * server messages to `onMessage`. SSE is one-way, so over it the controls are carried out
 * here: play (re)opens the stream at the bar after the playhead, pause closes it, speed
 * reopens it, seek and step move the playhead locally (the page rebuilds the state up to it
 * from `/series`, as after a WebSocket seek); each answers with the same `state` message
 * the server would send. Over the WebSocket every control is answered by one `state` (or
 * `err`), in order: the connection counts the unanswered ones and marks what arrives before
 * the last answer as stale.
 */
import type { ApiClient } from "./client.ts";
import type { ClientCtrl, ServerMessage } from "./playback_types.ts";

/** Which transport carries the session. */
export type PlaybackTransport = "connecting" | "ws" | "sse";

/** Callbacks of a connection. */
export interface PlaybackHandlers {
  /**
   * A server message. `stale`: a control sent later has not been answered yet, so the
   * message's position is already overtaken (a seek's answer arriving after the next seek was
   * made locally would pull the playhead back).
   */
  onMessage(m: ServerMessage, stale: boolean): void;
  onTransport(t: PlaybackTransport): void;
}

/** Options of {@link openPlayback}. */
export interface PlaybackOptions {
  /** Give up on the WebSocket when it has not opened after this long. @default 2500 */
  wsTimeoutMs?: number;
  /** The last bar index of the run (SSE control needs it to clamp steps). */
  lastBar: number;
  /** Start paused at this bar (the page's playhead). */
  pos: number;
  /** Years of bars per hour. */
  speed: number;
}

/** An open playback connection. */
export interface PlaybackConnection {
  send(c: ClientCtrl): void;
  close(): void;
  transport(): PlaybackTransport;
}

/** Opens the connection (WebSocket, else SSE). */
export function openPlayback(
  api: ApiClient,
  runId: string,
  h: PlaybackHandlers,
  opts: PlaybackOptions,
): PlaybackConnection {
  const path = `/backtests/${encodeURIComponent(runId)}`;
  let transport: PlaybackTransport = "connecting";
  let ws: WebSocket | null = null;
  let sse: SseControl | null = null;
  let closed = false;
  let heard = false;
  const pending: ClientCtrl[] = [];
  // WebSocket controls sent and not yet answered by a `state` or an `err`.
  let unanswered = 0;
  const sendWs = (c: ClientCtrl) => {
    unanswered++;
    ws!.send(JSON.stringify(c));
  };

  const fallBack = () => {
    if (closed || sse) return;
    if (ws) {
      ws.onopen =
        ws.onclose =
        ws.onerror =
        ws.onmessage =
          null;
      try {
        ws.close();
      } catch { /* never opened */ }
      ws = null;
    }
    clearTimeout(timer);
    transport = "sse";
    h.onTransport("sse");
    // SSE controls are answered at once, here: nothing is ever overtaken.
    unanswered = 0;
    sse = new SseControl(api, path, h, opts);
    for (const c of pending.splice(0)) sse.send(c);
  };

  const wsUrl = api.url(`${path}/ws`);
  const abs = new URL(wsUrl, location.href);
  abs.protocol = abs.protocol === "https:" ? "wss:" : "ws:";
  try {
    ws = new WebSocket(abs.href);
  } catch {
    ws = null;
  }
  const timer = setTimeout(fallBack, opts.wsTimeoutMs ?? 2500);
  if (!ws) queueMicrotask(fallBack);
  else {
    ws.onopen = () => {
      clearTimeout(timer);
      transport = "ws";
      h.onTransport("ws");
      // Start where the page stands (the server starts before the first bar).
      sendWs({ t: "ctrl", cmd: "speed", val: opts.speed });
      sendWs({ t: "ctrl", cmd: "seek", pos: opts.pos });
      for (const c of pending.splice(0)) sendWs(c);
    };
    ws.onerror = () => {
      if (transport === "connecting") fallBack();
    };
    ws.onclose = () => {
      // Closed before the server said anything (a proxy that upgrades, then drops): use SSE.
      if (transport === "connecting" || !heard) fallBack();
      else if (!closed) {
        h.onMessage({ t: "err", code: "CLOSED", msg: "playback connection closed" }, false);
      }
    };
    ws.onmessage = (ev) => {
      let m: ServerMessage;
      try {
        m = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      heard = true;
      if ((m.t === "state" || m.t === "err") && unanswered > 0) unanswered--;
      h.onMessage(m, unanswered > 0);
    };
  }

  return {
    send(c) {
      if (transport === "ws" && ws) sendWs(c);
      else if (transport === "sse" && sse) sse.send(c);
      else pending.push(c);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      if (ws) {
        ws.onclose = null;
        ws.close();
      }
      sse?.close();
    },
    transport: () => transport,
  };
}

/** The controls of a session carried out over one-way SSE streams. */
class SseControl {
  #es: EventSource | null = null;
  #playing = false;
  #pos: number;
  #speed: number;
  readonly #api: ApiClient;
  readonly #path: string;
  readonly #h: PlaybackHandlers;
  readonly #last: number;

  constructor(api: ApiClient, path: string, h: PlaybackHandlers, opts: PlaybackOptions) {
    this.#api = api;
    this.#path = path;
    this.#h = h;
    this.#pos = opts.pos;
    this.#speed = opts.speed;
    this.#last = opts.lastBar;
  }

  send(c: ClientCtrl): void {
    if (c.cmd === "play") {
      if (this.#pos >= this.#last) this.#pos = -1;
      this.#playing = true;
      this.#open();
    } else if (c.cmd === "pause") {
      this.#playing = false;
      this.#stop();
    } else if (c.cmd === "speed" && c.val !== undefined && c.val > 0) {
      this.#speed = c.val;
      if (this.#playing) this.#open();
    } else if (c.cmd === "seek" && typeof c.pos === "number") {
      this.#pos = Math.max(-1, Math.min(this.#last, Math.round(c.pos)));
      if (this.#playing) this.#open();
    } else if (c.cmd === "step" && c.val !== undefined) {
      this.#playing = false;
      this.#stop();
      this.#pos = Math.max(0, Math.min(this.#last, this.#pos + Math.round(c.val)));
    } else return;
    this.#state();
  }

  close(): void {
    this.#stop();
  }

  #state(): void {
    this.#h.onMessage(
      { t: "state", playing: this.#playing, speed: this.#speed, pos: this.#pos },
      false,
    );
  }

  #stop(): void {
    this.#es?.close();
    this.#es = null;
  }

  #open(): void {
    this.#stop();
    const es = new EventSource(
      this.#api.url(`${this.#path}/stream`, { speed: this.#speed, from: this.#pos + 1 }),
    );
    this.#es = es;
    const pass = (ev: MessageEvent) => {
      let m: ServerMessage;
      try {
        m = JSON.parse(ev.data);
      } catch {
        return;
      }
      // The stream's own hello says "playing from the start": the session's state is ours.
      if (m.t === "hello") return;
      if (m.t === "frame") this.#pos = m.i1 - 1;
      if (m.t === "end") {
        this.#playing = false;
        this.#stop();
      }
      this.#h.onMessage(m, false);
    };
    for (const kind of ["frame", "hb", "end", "err", "hello"]) {
      es.addEventListener(kind, pass as EventListener);
    }
    es.onerror = () => {
      // A stream that ended (204 after the last bar) or broke: the session is paused.
      if (es.readyState === EventSource.CLOSED && this.#es === es) {
        this.#playing = false;
        this.#es = null;
        this.#state();
      }
    };
  }
}
