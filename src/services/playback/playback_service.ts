/**
 * @module
 * The playback service (the design's `Streamer`): opens sessions on DONE runs over one shared
 * {@link ReplayCache}, answers the columnar series as JSON or binary columns (bodies of whole
 * runs cached per form and encoding). Decoding a run's files and encoding large bodies run
 * in workers ({@link OffLoop}), so a first load never holds up the server's other requests;
 * sessions end cleanly: on server shutdown (every sink gets a close frame), and when a
 * run is deleted (checked once a second while it has sessions; this also catches a prune
 * from another process).
 */
import { HewstonError } from "../../domain/errors.ts";
import type { Streamer } from "../../domain/ports.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { FrameSink, PlaybackCounters } from "./frame_sink.ts";
import { Player, type PlayerOptions } from "./player.ts";
import { doneRun, ReplayCache, type ReplayStores } from "./run_replay_data.ts";
import { type OffLoop, workerOffLoop } from "./off_loop.ts";
import { encodeSeriesBody, type SeriesEncoding, type SeriesFormat, seriesRange } from "./series.ts";

export type { SeriesEncoding, SeriesFormat } from "./series.ts";

/** Ranges of more bars than this are encoded in a worker (a whole symbol-year: ~98k). */
const OFF_LOOP_BARS = 20_000;

/** Close code when the server shuts down (going away). */
export const SHUTDOWN_CLOSE_CODE = 1001;
/** Close code when the run was deleted under the session. */
export const RUN_DELETED_CLOSE_CODE = 4404;

/** A series body ready to send. */
export interface SeriesBody {
  body: Uint8Array<ArrayBuffer>;
  format: SeriesFormat;
  encoding: SeriesEncoding;
  etag: string;
}

/** What the service needs. */
export interface PlaybackServiceDeps extends ReplayStores {
  /** Aborted on server shutdown: every session is closed with 1001. */
  stopSignal?: AbortSignal;
  counters?: PlaybackCounters;
  clock?: Clock;
  /** Defaults for every session (tests shorten intervals). */
  player?: PlayerOptions;
  /**
   * How often runs with open sessions are checked to still exist.
   * @default 1000
   */
  deletionCheckMs?: number;
  /**
   * Where files are decoded and large bodies encoded.
   * @default {@link workerOffLoop}
   */
  offLoop?: OffLoop;
}

/** Sessions, series and the shared replay data: the design's `Streamer`. */
export class PlaybackService implements Streamer {
  readonly cache: ReplayCache;
  readonly #d: PlaybackServiceDeps;
  readonly #clock: Clock;
  readonly #sessions = new Map<string, Set<Player>>();
  readonly #bodies = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  readonly #offLoop: OffLoop;
  #watch: number | undefined;

  /** @param deps catalog, data dir, shutdown signal, counters */
  constructor(deps: PlaybackServiceDeps) {
    this.#d = deps;
    this.#clock = deps.clock ?? systemClock;
    this.#offLoop = deps.offLoop ?? workerOffLoop;
    this.cache = new ReplayCache(deps, { load: this.#offLoop.load });
    deps.stopSignal?.addEventListener("abort", () => this.closeAll());
  }

  /** Open sessions now. */
  get sessionCount(): number {
    let n = 0;
    for (const s of this.#sessions.values()) n += s.size;
    return n;
  }

  /**
   * Checks that `runId` is a DONE run (before a transport is set up).
   * @throws {HewstonError} RUN_NOT_FOUND, RUN_NOT_DONE
   */
  check(runId: string): void {
    doneRun(this.#d, runId);
  }

  /**
   * Opens a session on the DONE run `runId` writing into `sink`; it starts (hello) at once.
   * @throws {HewstonError} RUN_NOT_FOUND, RUN_NOT_DONE, ARTIFACTS_NOT_FOUND, SHUTTING_DOWN
   */
  async open(runId: string, sink: FrameSink, opts: PlayerOptions = {}): Promise<Player> {
    if (this.#d.stopSignal?.aborted) {
      throw new HewstonError("SHUTTING_DOWN", "the server is shutting down", { status: 503 });
    }
    const data = await this.cache.get(runId);
    let set = this.#sessions.get(runId);
    if (!set) this.#sessions.set(runId, set = new Set());
    const player: Player = new Player(data, sink, this.#clock, {
      ...this.#d.player,
      ...opts,
      counters: this.#d.counters,
      onClose: () => {
        set!.delete(player);
        if (set!.size === 0 && this.#sessions.get(runId) === set) this.#sessions.delete(runId);
        opts.onClose?.();
      },
    });
    set.add(player);
    this.#armWatch();
    player.start();
    return player;
  }

  /**
   * The series of bars `[from, to]` of a DONE run as JSON or binary columns, in the best
   * encoding the client accepts; whole-run bodies are cached per form and encoding.
   * @throws {HewstonError} RUN_NOT_FOUND, RUN_NOT_DONE, RANGE
   */
  async series(
    runId: string,
    from: string | undefined,
    to: string | undefined,
    encoding: SeriesEncoding,
    format: SeriesFormat = "json",
  ): Promise<SeriesBody> {
    const run = doneRun(this.#d, runId);
    const data = await this.cache.get(runId);
    const [i0, i1] = seriesRange(data.ts, from, to);
    const tag = (run.manifestHash ?? run.runId).slice(0, 24);
    const etag = `"series-${tag}-${i0}-${i1}-${format === "binary" ? "bin-" : ""}${encoding}"`;
    const whole = i0 === 0 && i1 === data.length - 1;
    const make = () =>
      i1 - i0 + 1 > OFF_LOOP_BARS
        ? this.#offLoop.series(data, i0, i1, format, encoding)
        : Promise.resolve(encodeSeriesBody(data, i0, i1, format, encoding));
    if (!whole) return { body: await make(), format, encoding, etag };
    const key = `${runId}:${run.manifestHash}:${format}:${encoding}`;
    let body = this.#bodies.get(key);
    if (!body) {
      body = make();
      this.#bodies.set(key, body);
      body.catch(() => this.#bodies.delete(key));
      // A handful of whole-run bodies: the newest few runs a UI shows.
      for (const k of this.#bodies.keys()) {
        if (this.#bodies.size <= 12) break;
        this.#bodies.delete(k);
      }
    }
    return { body: await body, format, encoding, etag };
  }

  /** Ends every session with a close frame (server shutdown). */
  closeAll(code = SHUTDOWN_CLOSE_CODE, reason = "server shutting down"): void {
    for (const set of [...this.#sessions.values()]) {
      for (const p of [...set]) p.stop(code, reason);
    }
    this.#sessions.clear();
    this.#clock.clearTimeout(this.#watch!);
    this.#watch = undefined;
  }

  /** Forgets a run: its sessions end (err RUN_NOT_FOUND, then close 4404), its data goes. */
  runDeleted(runId: string): void {
    for (const p of [...(this.#sessions.get(runId) ?? [])]) {
      p.error("RUN_NOT_FOUND", `run ${runId} was deleted`);
      p.stop(RUN_DELETED_CLOSE_CODE, "run deleted");
    }
    this.#sessions.delete(runId);
    this.cache.evict(runId);
    for (const k of [...this.#bodies.keys()]) if (k.startsWith(runId + ":")) this.#bodies.delete(k);
  }

  #armWatch(): void {
    if (this.#watch !== undefined) return;
    this.#watch = this.#clock.setTimeout(() => {
      this.#watch = undefined;
      for (const runId of [...this.#sessions.keys()]) {
        if (this.#d.runs.getRun(runId)?.status !== "DONE") this.runDeleted(runId);
      }
      if (this.#sessions.size > 0) this.#armWatch();
    }, this.#d.deletionCheckMs ?? 1000);
  }
}
