/**
 * @module
 * `hewston serve` action: the HTTP service (127.0.0.1:8000 by default). Takes the data dir's
 * lock (a second server or a writing command on the same dir is refused before it touches
 * anything), binds the port, then recovers runs interrupted by a crash and applies retention
 * before it answers any request, builds the DEMO dataset and the DEMO run on first start (the
 * server answers meanwhile; /healthz reports it), serves the browser UI at `/`, and serves
 * until SIGINT/SIGTERM (open event streams are ended so the shutdown does not wait on them).
 */
import type { ServeOptions } from "./serve_command.ts";
import { loadConfig } from "../config.ts";
import type { DatabentoConfig } from "../domain/ports.ts";
import { errorLine, HewstonError, ValidationError } from "../domain/errors.ts";
import { createApp } from "../api/app.ts";
import { ConnectionFront } from "../api/connection_front.ts";
import { newHttpMetrics, type ServerState } from "../api/deps.ts";
import { DEMO_SPEC } from "../market/build_dataset.ts";
import { submitDemoRun } from "../services/runs/demo_run.ts";
import { createLogger } from "../services/log.ts";
import { type LogFn, RunService } from "../services/runs/run_service.ts";
import { sweepServiceOver } from "../services/sweeps/sweep_service.ts";
import { type DataDir, ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { lockForServe, type ServeLock } from "../store/data_dir_lock.ts";
import { openStore } from "../store/open_store.ts";
import { retryWhileBusy } from "../store/catalog_busy.ts";
import { VERSION } from "../version.ts";
import { redact } from "../../jobs/bullmq/wire.ts";
import { queueUrl } from "./queue_option.ts";
import { WorkerPool } from "../../jobs/pool.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
/** Shortest bearer token accepted: a guessable token is no protection off loopback. */
const MIN_TOKEN_LENGTH = 16;

/** Runs `hewston serve`; resolves when the server stops. */
export async function serveAction(o: ServeOptions): Promise<number> {
  const config = loadConfig({
    dataDir: o.dataDir,
    host: o.host,
    port: o.port,
    token: o.token,
    keep: o.keep,
    workers: o.workers,
    workerIdleSeconds: o.workerIdleSeconds,
    logLevel: o.logLevel,
    corsOrigins: o.corsOrigins,
  });
  const { workers, keep, token, databento } = config;
  const cors = corsOrigins(config.corsOrigins);
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))) {
    throw new ValidationError(
      `the token must be at least ${MIN_TOKEN_LENGTH} characters with no whitespace (got ${token.length}); e.g. openssl rand -hex 16`,
    );
  }
  if (!LOOPBACK.has(o.host) && !token) {
    throw new ValidationError(
      `refusing to bind ${o.host} without a token: pass --token or set HEWSTON_TOKEN`,
    );
  }
  const queue = await queueUrl(o.queue, config.queue);
  const log = createLogger(config.logLevel);
  const dir = resolveDataDir(config.dataDir);
  await ensureDataDir(dir);
  const lock = await lockForServe(dir);
  try {
    return await serveLocked(o, dir, lock, { workers, keep, token, cors, log, databento, queue });
  } finally {
    lock.release();
  }
}

async function serveLocked(
  o: ServeOptions,
  dir: DataDir,
  lock: ServeLock,
  c: {
    workers: number;
    keep: number;
    token?: string;
    cors: string[];
    log: LogFn;
    databento: DatabentoConfig | null;
    /** Redis URL the sweeps go to (`hewston worker`s run their chunks); unset: the pool. */
    queue?: string;
  },
): Promise<number> {
  const { workers, keep, token, cors, log, databento } = c;
  // First, so an unreachable queue stops the start before anything is opened or bound.
  const queue = c.queue
    ? await (await import("../../jobs/bullmq/queue_runner.ts")).QueueTaskRunner.open(c.queue)
    : null;
  // node:sqlite waits for a lock on the event loop: a short wait, then 503 CATALOG_BUSY on
  // requests and retries with backoff for background writes (services/runs/run_events.ts).
  // Another process holding the catalog's lock at start (a backup, a long write) is waited
  // for, with backoff, up to --catalog-wait; then one line and exit 1.
  const busyWait = {
    limitMs: o.catalogWaitSeconds * 1000,
    onWait: (attempts: number, waitedMs: number) => {
      if (attempts === 1 || attempts % 5 === 0) {
        log("warn", "catalog locked by another process; waiting", {
          waited_s: Math.round(waitedMs / 1000),
          limit_s: o.catalogWaitSeconds,
        });
      }
    },
  };
  const { catalog, runs, events, presets } = await retryWhileBusy(
    () => openStore(dir, { busyTimeoutMs: 250 }),
    busyWait,
  );
  // Idle workers are released (their WASM heaps and caches are large) and respawn on demand.
  const pool = new WorkerPool(new URL("../../jobs/engine_worker.ts", import.meta.url), {
    size: workers,
    idleMs: o.workerIdleSeconds * 1000,
  });
  const service = new RunService({
    dir,
    catalog,
    runs,
    events,
    pool,
    keep,
    log,
    databento,
  });
  // The composition root picks each service's task runner: sweeps share the local pool
  // (fair share keeps runs ahead of their chunks), or with --queue go to the queue's workers
  // (sized by the workers connected when each sweep starts). Runs and datasets stay local.
  const sweeps = sweepServiceOver(dir, catalog, service, queue ?? pool, log);
  if (queue && c.queue) log("info", "sweeps go to the queue", { queue: redact(c.queue) });
  const state: ServerState = { startedAt: performance.now(), demo: "absent", version: VERSION };
  const app = createApp({
    dir,
    catalog,
    runs,
    events,
    presets,
    service,
    sweeps,
    state,
    http: newHttpMetrics(),
    token,
    corsOrigins: cors,
    allowedHosts: [o.host, ...o.allowedHosts],
    maxDatasetBytes: o.maxDatasetMb * 1024 * 1024,
    log,
  });
  // Bind first: a server that cannot listen must leave the catalog as it found it. Requests
  // wait for recovery, so none ever sees a run half-recovered. The HTTP server listens on a
  // loopback port of its own; the public address is the TCP front, which relays every
  // connection to it and closes the ones that send their headers too slowly or sit idle
  // (Deno.serve has no such timeouts).
  let recovered: Promise<void> | null = null;
  let server: Deno.HttpServer<Deno.NetAddr>;
  let front: ConnectionFront;
  try {
    server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req, info) => recovered ? recovered.then(() => app.fetch(req, info)) : app.fetch(req, info),
    );
    try {
      front = ConnectionFront.listen({
        hostname: o.host,
        port: o.port,
        upstream: { hostname: "127.0.0.1", port: server.addr.port },
        headerTimeoutMs: o.headerTimeoutSeconds * 1000,
        idleTimeoutMs: o.idleTimeoutSeconds * 1000,
      });
    } catch (err) {
      await server.shutdown();
      throw err;
    }
  } catch (err) {
    catalog.close();
    if (err instanceof Deno.errors.AddrInUse) {
      throw new HewstonError(
        "ADDRESS_IN_USE",
        `cannot listen on ${o.host}:${o.port}: the address is already in use`,
      );
    }
    throw err;
  }
  const host = front.addr.hostname.includes(":") ? `[${front.addr.hostname}]` : front.addr.hostname;
  const address = `http://${host}:${front.addr.port}`;
  state.url = address;
  lock.announce(address);
  recovered = (async () => {
    // Recovery writes: it starts once the lock is free, so no step of it meets a busy catalog.
    await retryWhileBusy(() => catalog.probeWriteLock(), busyWait);
    await service.recover();
    await sweeps.recover();
    const removed = await service.prune();
    if (removed.length) log("info", "retention", { removed: removed.length, keep });
  })();
  try {
    await recovered;
  } catch (err) {
    await front.close();
    await server.shutdown();
    catalog.close();
    throw err;
  }
  recovered = null;
  // Signals are handled before the "serving" line goes out: whoever reads it may stop us.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    service.stop();
    sweeps.stop();
    pool.close();
    queue?.close();
    // No new connection; the open ones end as their requests finish, the rest below.
    front.stopAccepting();
    server.shutdown();
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  // A JSON log line like every other (`serve | jq` reads them all), printed whatever the
  // level: it is how a script or a person learns the URL.
  createLogger("info")("info", "serving", { url: address, version: VERSION, data_dir: dir.root });

  // The DEMO run goes with a freshly built DEMO dataset, or an empty catalog: a new user's
  // first page has a run to open; one who deleted it is not given it back at every start.
  const demoRun = () =>
    submitDemoRun(service, DEMO_SPEC).then((r) => {
      if (r.status === "QUEUED") log("info", "demo run queued", { run_id: r.runId });
    }).catch((err) =>
      log("error", "demo run failed", { error: err instanceof Error ? err.message : String(err) })
    );
  if (o.demo && !stopping) {
    const ready = catalog.findReadyDataset(DEMO_SPEC.symbol, DEMO_SPEC.from, DEMO_SPEC.to) !== null;
    if (ready) {
      state.demo = "ready";
      if (Object.values(runs.countByStatus()).every((n) => n === 0)) void demoRun();
    } else {
      state.demo = "building";
      const t0 = performance.now();
      service.buildDataset(DEMO_SPEC).then(({ dataset }) => {
        state.demo = "ready";
        log("info", "demo dataset ready", {
          dataset_id: dataset.datasetId,
          bars: dataset.barCount,
          seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
        });
        if (!stopping) return demoRun();
      }).catch((err) => {
        state.demo = "error";
        state.demoError = err instanceof Error ? err.message : String(err);
        log("error", "demo dataset failed", { error: state.demoError });
      });
    }
  }
  // Last line of defence: a failure nobody awaited is logged, never the end of the server.
  const unhandled = (e: PromiseRejectionEvent) => {
    e.preventDefault();
    log("error", "unhandled rejection", { error: errorLine(e.reason) });
  };
  globalThis.addEventListener("unhandledrejection", unhandled);
  const uncaught = (e: ErrorEvent) => {
    e.preventDefault();
    log("error", "uncaught error", { error: errorLine(e.error ?? e.message) });
  };
  globalThis.addEventListener("error", uncaught);
  await server.finished;
  await front.close();
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);
  globalThis.removeEventListener("unhandledrejection", unhandled);
  globalThis.removeEventListener("error", uncaught);
  await queue?.dispose();
  catalog.close();
  return 0;
}

/** `--cors-origin` values, each checked to be an origin (`scheme://host[:port]`). */
function corsOrigins(values: string[]): string[] {
  return values.map((v) => {
    let url: URL | undefined;
    try {
      url = new URL(v);
    } catch { /* reported below */ }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== v.replace(/\/+$/, "")) {
      throw new ValidationError(
        `--cors-origin must be an origin like https://host:port, got "${v}"`,
      );
    }
    return url.origin;
  });
}
