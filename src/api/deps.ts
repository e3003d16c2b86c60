/**
 * @module
 * What the API's routes and middleware get: the catalog stores, the run orchestrator, the
 * data dir, server state and metrics. One `AppEnv` type for `new Hono<AppEnv>()`.
 */
import type { SqliteCatalog } from "../store/catalog_sqlite.ts";
import type { DataDir } from "../store/data_dir.ts";
import type { SqliteEvents } from "../store/events_sqlite.ts";
import type { SqlitePresets } from "../store/presets_sqlite.ts";
import type { SqliteRuns } from "../store/runs_sqlite.ts";
import type { LogFn } from "../services/log.ts";
import type { RunService } from "../services/runs/run_service.ts";
import type { SweepService } from "../services/sweeps/sweep_service.ts";
import type { PlaybackService } from "../services/playback/playback_service.ts";
import type { UiAssets } from "./ui_assets.ts";

/** Live state the health endpoint reports. */
export interface ServerState {
  startedAt: number;
  demo: "absent" | "building" | "ready" | "error";
  demoError?: string;
  version: string;
  /** The address the server is bound to, e.g. `http://127.0.0.1:8000` (set once listening). */
  url?: string;
}

/** HTTP counters for /metrics (filled by the logging middleware). */
export interface HttpMetrics {
  /** Request counts by `METHOD route status`. */
  requests: Map<string, number>;
  /** Latency histogram buckets (seconds, upper bounds) and counts. */
  buckets: number[];
  counts: number[];
  sum: number;
  total: number;
  /** Playback frames produced by the clock, sent, and coalesced away for slow clients. */
  framesProduced: number;
  framesSent: number;
  framesDropped: number;
  /** Playback sessions open now, by transport. */
  playbackSessionsWs: number;
  playbackSessionsSse: number;
  /** Playback WebSockets closed (by either side), and SSE fallback streams opened. */
  wsDisconnects: number;
  sseStreams: number;
}

/** Everything the API needs, injected. */
export interface AppDeps {
  dir: DataDir;
  catalog: SqliteCatalog;
  runs: SqliteRuns;
  events: SqliteEvents;
  /** Saved run configurations (`/presets`). */
  presets: SqlitePresets;
  service: RunService;
  /** Parameter sweeps (their events share the run service's log). */
  sweeps: SweepService;
  state: ServerState;
  http: HttpMetrics;
  /** Bearer token required on every route when set. */
  token?: string;
  /** Origins allowed by CORS besides the served one (localhost dev servers). */
  corsOrigins?: string[];
  /**
   * DNS names the server answers for besides `localhost` and IP literals (the `--host` name,
   * `--allowed-host`); any other Host header is refused (DNS rebinding).
   */
  allowedHosts?: string[];
  log: LogFn;
  /** Quota of one dataset build started by POST /datasets, in bytes (default 2 GiB). */
  maxDatasetBytes?: number;
  /** Max JSON body size in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Playback sessions and series; `createApp` makes one over the catalog when absent. */
  playback?: PlaybackService;
  /** The built browser UI (default: `ui/dist` of this checkout). */
  ui?: UiAssets;
}

/** Hono environment of the app: per-request variables set by middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    idempotencyKey?: string;
    runId?: string;
  };
}

/** Fresh, empty HTTP metrics. */
export function newHttpMetrics(): HttpMetrics {
  const buckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
  return {
    requests: new Map(),
    buckets,
    counts: new Array(buckets.length).fill(0),
    sum: 0,
    total: 0,
    framesProduced: 0,
    framesSent: 0,
    framesDropped: 0,
    playbackSessionsWs: 0,
    playbackSessionsSse: 0,
    wsDisconnects: 0,
    sseStreams: 0,
  };
}
