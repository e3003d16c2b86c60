/**
 * @module
 * `GET /healthz` and `/health` (liveness, demo dataset state, worker pool, run counts,
 * catalog schema version) and `GET /metrics` (Prometheus text: runs by status, job
 * durations, HTTP requests and latency, playback frames, pool).
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";
import { type JobDurations, RECENT_JOBS } from "../../services/job_durations.ts";
import { formatFamily, PROMETHEUS_CONTENT_TYPE, quantile, type Sample } from "../prometheus.ts";

const JOB_KINDS = ["backtest", "dataset"];
const QUANTILES = [0.5, 0.9, 0.99];

/** Health and metrics routes. */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const health = () => {
    const counts = deps.runs.countByStatus();
    return {
      status: "ok",
      version: deps.state.version,
      uptime_s: Math.round((performance.now() - deps.state.startedAt) / 1000),
      demo: deps.state.demo,
      ...(deps.state.demoError ? { demo_error: deps.state.demoError } : {}),
      pool: deps.service.poolStats(),
      runs: { queued: counts.QUEUED, running: counts.RUNNING },
      catalog_schema_version: deps.catalog.schemaVersion(),
      memory_mb: memoryMb(),
    };
  };
  app.get("/healthz", (c) => c.json(health()));
  app.get("/health", (c) => c.json(health()));
  app.get("/metrics", (c) =>
    c.body(metricsText(deps), 200, {
      "Content-Type": PROMETHEUS_CONTENT_TYPE,
      "Cache-Control": "no-store",
    }));
  return app;
}

/** The whole `/metrics` exposition. */
export function metricsText(deps: AppDeps): string {
  const http = deps.http;
  const pool = deps.service.poolStats();
  const runs = Object.entries(deps.runs.countByStatus())
    .map(([status, n]) => ({ labels: { status }, value: n }));
  return [
    formatFamily("hewston_build_info", "gauge", "Hewston version.", [
      { labels: { version: deps.state.version }, value: 1 },
    ]),
    formatFamily("hewston_uptime_seconds", "gauge", "Seconds since the server started.", [
      { value: Math.round((performance.now() - deps.state.startedAt) / 1000) },
    ]),
    formatFamily("hewston_runs", "gauge", "Runs in the catalog by status.", runs),
    formatFamily(
      "hewston_job_duration_seconds",
      "summary",
      `Wall time of finished jobs (queue wait included) by kind: quantiles over the last ${RECENT_JOBS}, sum and count since the server started.`,
      jobDurations(deps.service.durations),
    ),
    formatFamily(
      "hewston_http_requests_total",
      "counter",
      "HTTP requests by method, route pattern and status.",
      [...http.requests.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(
        ([key, n]) => {
          const [method, route, status] = splitRequestKey(key);
          return { labels: { method, route, status }, value: n };
        },
      ),
    ),
    formatFamily(
      "hewston_http_request_duration_seconds",
      "histogram",
      "HTTP latency to the response head.",
      httpHistogram(http.buckets, http.counts, http.sum, http.total),
    ),
    formatFamily(
      "hewston_frames_produced_total",
      "counter",
      "Playback frames produced by the playback clock.",
      [{ value: http.framesProduced }],
    ),
    formatFamily("hewston_frames_sent_total", "counter", "Playback frames sent.", [
      { value: http.framesSent },
    ]),
    formatFamily(
      "hewston_frames_dropped_total",
      "counter",
      "Playback frames dropped for slow clients.",
      [{ value: http.framesDropped }],
    ),
    formatFamily("hewston_playback_sessions", "gauge", "Playback sessions open by transport.", [
      { labels: { transport: "ws" }, value: http.playbackSessionsWs },
      { labels: { transport: "sse" }, value: http.playbackSessionsSse },
    ]),
    formatFamily(
      "hewston_playback_ws_disconnects_total",
      "counter",
      "Playback WebSockets closed, by either side.",
      [{ value: http.wsDisconnects }],
    ),
    formatFamily(
      "hewston_playback_sse_streams_total",
      "counter",
      "Playback streams opened on the SSE fallback.",
      [{ value: http.sseStreams }],
    ),
    formatFamily("hewston_pool_workers", "gauge", "Workers in the pool.", [
      { value: pool.workers },
    ]),
    formatFamily("hewston_pool_queued", "gauge", "Tasks waiting for a worker.", [
      { value: pool.queued },
    ]),
    formatFamily("hewston_pool_running", "gauge", "Tasks running on a worker.", [
      { value: pool.running },
    ]),
  ].join("");
}

/** `METHOD route status` → its three parts (the route never holds a space). */
function splitRequestKey(key: string): [string, string, string] {
  const a = key.indexOf(" ");
  const b = key.lastIndexOf(" ");
  return [key.slice(0, a), key.slice(a + 1, b), key.slice(b + 1)];
}

function jobDurations(durations: JobDurations): Sample[] {
  const kinds = [...new Set([...JOB_KINDS, ...durations.kinds()])];
  const out: Sample[] = [];
  for (const kind of kinds) {
    const { count, sumMs, recentMs } = durations.summary(kind);
    const secs = recentMs.map((ms) => ms / 1000);
    for (const q of QUANTILES) {
      out.push({ labels: { kind, quantile: String(q) }, value: quantile(secs, q) });
    }
    out.push({ suffix: "_sum", labels: { kind }, value: sumMs / 1000 });
    out.push({ suffix: "_count", labels: { kind }, value: count });
  }
  return out;
}

/** Cumulative buckets from the per-bucket counts that `observeRequest` keeps. */
function httpHistogram(
  buckets: readonly number[],
  counts: readonly number[],
  sum: number,
  total: number,
): Sample[] {
  const out: Sample[] = [];
  let acc = 0;
  for (let i = 0; i < buckets.length; i++) {
    acc += counts[i];
    out.push({ suffix: "_bucket", labels: { le: String(buckets[i]) }, value: acc });
  }
  out.push({ suffix: "_bucket", labels: { le: "+Inf" }, value: total });
  out.push({ suffix: "_sum", value: sum });
  out.push({ suffix: "_count", value: total });
  return out;
}

/** This process's memory in MB (RSS covers the main thread and every worker). */
function memoryMb(): { rss: number; heap_used: number; external: number } {
  const m = Deno.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  return { rss: mb(m.rss), heap_used: mb(m.heapUsed), external: mb(m.external) };
}
