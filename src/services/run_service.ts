/**
 * @module
 * Run orchestration for the service: submit (resolve or build the dataset, record the run
 * QUEUED, schedule it on the worker pool), cancel, delete, start-up recovery and retention.
 * Every stage change and progress step becomes an event row, and is pushed to subscribers
 * (the SSE streams). CPU work never runs here: only in the pool's workers.
 */
import { join } from "node:path";
import { errorLine, HewstonError, NotFoundError } from "../domain/errors.ts";
import type { DatasetRecord, DatasetSpec, Progress, RunRecord } from "../domain/ports.ts";
import { canonicalJson } from "../domain/canonical_json.ts";
import { sha256Hex } from "../domain/hash.ts";
import { SYNTHETIC_SYMBOLS } from "../market/build_dataset.ts";
import { validateRange } from "../market/dataset_id.ts";
import type { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { type DataDir, exists, removeIfExists, safeJoin } from "../store/data_dir.ts";
import type { RunEvent } from "../domain/events.ts";
import type { SqliteEvents } from "../store/events_sqlite.ts";
import type { SqliteRuns } from "../store/runs_sqlite.ts";
import type { TaskRunner } from "./tasks.ts";
import { prepareRun } from "./backtest_runs.ts";
import { type DatasetRef, normalizeBacktestBody } from "./backtest_request.ts";

/** Structured log sink (one JSON line per call in production). */
export type LogFn = (
  level: "debug" | "info" | "warn" | "error",
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/** Everything the service needs. */
export interface RunServiceDeps {
  dir: DataDir;
  catalog: SqliteCatalog;
  runs: SqliteRuns;
  events: SqliteEvents;
  pool: TaskRunner;
  /** Finished runs to keep (retention); default 100. */
  keep?: number;
  log?: LogFn;
  env?: (k: string) => string | undefined;
}

/** Outcome of a submit. */
export interface SubmitResult {
  runId: string;
  status: "QUEUED" | "EXISTS";
  run: RunRecord;
}

const FINISHED = new Set(["DONE", "ERROR", "CANCELLED"]);
const DATASET_ALIAS = /^([A-Za-z0-9.]+)-(\d{4})-1m$/;

/** The run orchestrator behind the API. */
export class RunService {
  readonly #d: RunServiceDeps;
  readonly #active = new Map<string, AbortController>();
  readonly #listeners = new Map<string, Set<(e: RunEvent) => void>>();
  readonly #datasetJobs = new Map<string, Promise<DatasetRecord>>();
  readonly #lastStage = new Map<string, string>();
  readonly #stageStart = new Map<string, number>();
  readonly #stop = new AbortController();
  /** Duration (ms) of each finished job, by kind, for /metrics. */
  readonly durations: { kind: string; ms: number }[] = [];

  /** @param deps catalog, pool, data dir, retention */
  constructor(deps: RunServiceDeps) {
    this.#d = deps;
  }

  get keep(): number {
    return this.#d.keep ?? 100;
  }

  /** Runs active (queued on the pool or running) right now. */
  get activeCount(): number {
    return this.#active.size;
  }

  /** Aborted by {@link stop}: long-lived streams end on it, so the server can shut down. */
  get stopSignal(): AbortSignal {
    return this.#stop.signal;
  }

  /** Whether `runId` is queued on the pool or running now (its terminal event is yet to come). */
  isActive(runId: string): boolean {
    return this.#active.has(runId);
  }

  /** Worker pool figures for /healthz and /metrics. */
  poolStats(): { workers: number; alive: number; queued: number; running: number } {
    const p = this.#d.pool;
    return { workers: p.parallelism, ...p.stats() };
  }

  /**
   * Validates a POST /backtests body, resolves (or builds) its dataset, and records a QUEUED
   * run — or returns the identical existing run (same input hash or idempotency key).
   */
  async submit(body: unknown, opts: { idempotencyKey?: string } = {}): Promise<SubmitResult> {
    const n = normalizeBacktestBody(body);
    if (opts.idempotencyKey) {
      const prior = this.#d.runs.findRunByIdempotencyKey(opts.idempotencyKey);
      if (prior) return { runId: prior.runId, status: "EXISTS", run: prior };
    }
    const dataset = await this.resolveDataset(n.dataset);
    const { run, created } = await prepareRun(
      { dir: this.#d.dir, catalog: this.#d.catalog, runs: this.#d.runs },
      { ...n.request, dataset_id: dataset.datasetId },
      { idempotencyKey: opts.idempotencyKey, speed: n.speed },
    );
    if (!created) return { runId: run.runId, status: "EXISTS", run };
    this.#emit(this.#d.events.append(run.runId, "stage", "queued", { status: "QUEUED" }));
    this.#schedule(run.runId);
    return { runId: run.runId, status: "QUEUED", run };
  }

  /**
   * The READY dataset a reference names, building it when a source can: local DBN files in
   * the raw cache, Databento with a key, or the synthetic source for DEMO/TEST only.
   * @throws {NotFoundError} DATASET_NOT_FOUND with how to get data
   */
  async resolveDataset(ref: DatasetRef): Promise<DatasetRecord> {
    if ("datasetId" in ref) {
      const d = this.#d.catalog.getDataset(ref.datasetId);
      if (d?.status === "READY") return d;
      const alias = ref.datasetId.match(DATASET_ALIAS);
      if (!alias) {
        throw new NotFoundError(
          "DATASET_NOT_FOUND",
          `dataset ${ref.datasetId} not found; list datasets with GET /datasets or build one with POST /datasets`,
        );
      }
      // "AAPL-2023-1m" (seed 000's example) names a symbol-year of 1-minute bars.
      return this.resolveDataset({
        symbol: alias[1].toUpperCase(),
        from: `${alias[2]}-01-01`,
        to: `${alias[2]}-12-31`,
      });
    }
    const symbol = validateRange(ref.symbol, ref.from, ref.to);
    const found = this.#d.catalog.findReadyDataset(symbol, ref.from, ref.to);
    if (found) return found;
    const spec = await this.#specFor(symbol, ref.from, ref.to);
    return (await this.buildDataset(spec)).dataset;
  }

  /**
   * The spec a dataset of `symbol` over `from..to` is built from when no source is named:
   * local DBN files in the raw cache, else Databento with a key, else the synthetic source
   * (DEMO/TEST only).
   * @throws {ValidationError} bad symbol or dates; {@link NotFoundError} DATASET_NOT_FOUND
   */
  datasetSpecFor(symbol: string, from: string, to: string): Promise<DatasetSpec> {
    return this.#specFor(validateRange(symbol, from, to), from, to);
  }

  /**
   * Builds a dataset on the pool (deduplicated: concurrent requests for the same spec share
   * one build), recording events under the job id `dataset:<hash>`.
   */
  async buildDataset(
    spec: DatasetSpec,
    force = false,
  ): Promise<{ jobId: string; dataset: DatasetRecord }> {
    const jobId = datasetJobId(spec);
    let job = this.#datasetJobs.get(jobId);
    if (!job) {
      const t0 = performance.now();
      this.#emit(this.#d.events.append(jobId, "stage", "queued", { spec }));
      job = this.#d.pool.run(
        { kind: "dataset", dir: this.#d.dir, spec, force },
        { onProgress: (p) => this.#progress(jobId, p) },
      ).then((r) => {
        this.#emit(
          this.#d.events.append(jobId, "done", "done", {
            dataset_id: r.dataset.datasetId,
            bars: r.bars,
          }),
        );
        this.durations.push({ kind: "dataset", ms: performance.now() - t0 });
        return r.dataset;
      }, (err) => {
        this.#emit(this.#d.events.append(jobId, "error", "error", errorData(err)));
        throw err;
      }).finally(() => this.#datasetJobs.delete(jobId));
      this.#datasetJobs.set(jobId, job);
    }
    return { jobId, dataset: await job };
  }

  /** Starts a dataset build without waiting; returns its job id (events follow). */
  startDatasetBuild(spec: DatasetSpec, force = false): string {
    const jobId = datasetJobId(spec);
    this.buildDataset(spec, force).catch(() => {/* reported through events */});
    return jobId;
  }

  /**
   * Cancels a QUEUED or RUNNING run: stops its worker, marks it CANCELLED, removes partial files.
   * @throws {NotFoundError} unknown run; {@link HewstonError} RUN_FINISHED (409)
   */
  async cancel(runId: string): Promise<RunRecord> {
    const run = this.#get(runId);
    if (FINISHED.has(run.status)) {
      throw new HewstonError("RUN_FINISHED", `run ${runId} is already ${run.status}`, {
        status: 409,
      });
    }
    this.#active.get(runId)?.abort();
    this.#active.delete(runId);
    this.#d.runs.updateRun(runId, {
      status: "CANCELLED",
      finishedAt: new Date().toISOString(),
      error: "cancelled",
    });
    // The event goes out before any await: a stream seeing the run finished and inactive
    // must find its terminal event already stored.
    this.#emit(this.#d.events.append(runId, "cancelled", "cancelled", { status: "CANCELLED" }));
    await removeIfExists(safeJoin(this.#d.dir.backtests, runId) + ".building");
    return this.#get(runId);
  }

  /** Deletes a run whole: stops it if active, removes its folder, rows and events. */
  async delete(runId: string): Promise<void> {
    const run = this.#get(runId);
    if (!FINISHED.has(run.status)) await this.cancel(runId);
    await this.#removeRuns([runId]);
  }

  /**
   * Start-up recovery: runs left RUNNING by a crash become ERROR (partial folders removed);
   * QUEUED runs are scheduled again; datasets left BUILDING become ERROR.
   */
  async recover(): Promise<{ failed: string[]; requeued: string[] }> {
    const failed: string[] = [];
    const requeued: string[] = [];
    for (const d of this.#d.catalog.listDatasets({ status: "BUILDING" })) {
      this.#d.catalog.failDataset(d.datasetId, "interrupted: the server stopped during the build");
      await removeIfExists(safeJoin(this.#d.dir.derivedBars, d.datasetId) + ".building");
    }
    for (const r of this.#d.runs.listRuns({ status: "RUNNING", limit: 100_000 }).items) {
      this.#d.runs.updateRun(r.runId, {
        status: "ERROR",
        error: "interrupted: the server stopped during the run",
        finishedAt: new Date().toISOString(),
      });
      this.#emit(this.#d.events.append(r.runId, "error", "error", {
        code: "INTERRUPTED",
        message: "the server stopped during the run",
      }));
      await removeIfExists(safeJoin(this.#d.dir.backtests, r.runId) + ".building");
      failed.push(r.runId);
    }
    const queued =
      this.#d.runs.listRuns({ status: "QUEUED", limit: 100_000, order: "created_at" }).items;
    for (const r of queued) {
      this.#schedule(r.runId);
      requeued.push(r.runId);
    }
    this.#d.log?.("info", "recovered", { failed: failed.length, requeued: requeued.length });
    return { failed, requeued };
  }

  /**
   * Retention: keeps the newest `keep` finished runs; older ones are removed whole (rows in
   * one transaction, then folders).
   * @returns the removed run ids
   */
  prune(keep = this.keep): Promise<string[]> {
    return pruneFinishedRuns(this.#d, keep);
  }

  /** Subscribes to the events of one run; returns the unsubscribe function. */
  subscribe(runId: string, fn: (e: RunEvent) => void): () => void {
    let set = this.#listeners.get(runId);
    if (!set) this.#listeners.set(runId, set = new Set());
    set.add(fn);
    return () => {
      set!.delete(fn);
      if (set!.size === 0) this.#listeners.delete(runId);
    };
  }

  /** Number of live subscriptions to `runId`'s events (open streams). */
  subscriberCount(runId: string): number {
    return this.#listeners.get(runId)?.size ?? 0;
  }

  /** Cancels every active run's worker (server shutdown); rows stay QUEUED/RUNNING for recovery. */
  stop(): void {
    this.#stop.abort();
    for (const ac of this.#active.values()) ac.abort();
    this.#active.clear();
  }

  #get(runId: string): RunRecord {
    const run = this.#d.runs.getRun(runId);
    if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${runId} not found`);
    return run;
  }

  #schedule(runId: string): void {
    const ac = new AbortController();
    this.#active.set(runId, ac);
    const t0 = performance.now();
    this.#d.pool.run(
      { kind: "backtest", dir: this.#d.dir, runId },
      { signal: ac.signal, onProgress: (p) => this.#progress(runId, p) },
    ).then(async () => {
      const run = this.#d.runs.getRun(runId);
      const metrics = this.#d.runs.getRunMetrics(runId);
      this.#emit(this.#d.events.append(runId, "done", "done", {
        status: run?.status ?? "DONE",
        duration_ms: run?.durationMs ?? null,
        sharpe: metrics?.sharpe ?? null,
        total_return: metrics?.total_return ?? null,
      }));
      this.durations.push({ kind: "backtest", ms: performance.now() - t0 });
      this.#d.log?.("info", "run done", { run_id: runId, duration_ms: run?.durationMs });
      const removed = await this.prune();
      if (removed.length) {
        this.#d.log?.("info", "retention", { removed: removed.length, keep: this.keep });
      }
    }, (err) => {
      if (err instanceof HewstonError && err.code === "CANCELLED") return; // cancel() reported it
      const run = this.#d.runs.getRun(runId);
      if (run && !FINISHED.has(run.status)) {
        // The worker died before it could record the failure.
        this.#d.runs.updateRun(runId, {
          status: "ERROR",
          error: errorLine(err),
          finishedAt: new Date().toISOString(),
        });
      }
      this.#emit(this.#d.events.append(runId, "error", "error", errorData(err)));
      this.#d.log?.("warn", "run failed", { run_id: runId, error: errorLine(err) });
    }).finally(() => {
      if (this.#active.get(runId) === ac) this.#active.delete(runId);
      this.#lastStage.delete(runId);
      this.#stageStart.delete(runId);
    });
  }

  #progress(jobId: string, p: Progress): void {
    if (p.stage === "done") return; // the terminal event is written when the task settles
    const kind = this.#lastStage.get(jobId) === p.stage ? "progress" : "stage";
    this.#lastStage.set(jobId, p.stage);
    if (kind === "stage") {
      const started = this.#stageStart.get(jobId);
      const now = performance.now();
      this.#stageStart.set(jobId, now);
      // One log line per job step, with how long the previous step took.
      this.#d.log?.("info", "job step", {
        run_id: jobId,
        stage: p.stage,
        ...(started === undefined ? {} : { previous_step_ms: Math.round(now - started) }),
      });
    }
    this.#emit(this.#d.events.append(jobId, kind, p.stage, {
      done: p.done,
      total: p.total,
      ...(p.message ? { message: p.message } : {}),
    }));
  }

  #emit(e: RunEvent): void {
    for (const fn of this.#listeners.get(e.runId) ?? []) fn(e);
  }

  #removeRuns(ids: string[]): Promise<void> {
    return removeRunsWhole(this.#d, ids);
  }

  async #specFor(symbol: string, from: string, to: string): Promise<DatasetSpec> {
    const local = safeJoin(this.#d.dir.raw, "dbn", symbol);
    if (await exists(local)) {
      const trades: string[] = [];
      const tbbo: string[] = [];
      const names: string[] = [];
      for await (const e of Deno.readDir(local)) if (e.isFile) names.push(e.name);
      // Ingest copies each input into this folder as `<sha256[:12]>_<name>`: a copy whose
      // original is still here is the same data, and reading both would count trades twice.
      const present = new Set(names);
      for (const name of names) {
        const copyOf = name.match(/^[0-9a-f]{12}_(.+)$/)?.[1];
        if (copyOf !== undefined && present.has(copyOf)) continue;
        if (/\.trades\.dbn(\.zst)?$/.test(name)) trades.push(join(local, name));
        else if (/\.tbbo\.dbn(\.zst)?$/.test(name)) tbbo.push(join(local, name));
      }
      if (trades.length > 0) {
        return {
          symbol,
          from,
          to,
          source: { kind: "dbn", trades: trades.sort(), tbbo: tbbo.sort() },
        };
      }
    }
    const env = this.#d.env ?? ((k: string) => Deno.env.get(k));
    if (env("DATABENTO_API_KEY")) {
      return { symbol, from, to, source: { kind: "databento", dataset: "XNAS.ITCH" } };
    }
    if (SYNTHETIC_SYMBOLS.includes(symbol)) {
      return { symbol, from, to, source: { kind: "synthetic", seed: 42 } };
    }
    throw new NotFoundError(
      "DATASET_NOT_FOUND",
      `no ${symbol} data for ${from}..${to}: put TRADES+TBBO DBN files in ${local}, set DATABENTO_API_KEY, or POST /datasets; synthetic data serves only ${
        SYNTHETIC_SYMBOLS.join(" and ")
      }`,
    );
  }
}

/** The stores retention works on (`hewston prune` uses them without a pool). */
export interface RetentionStores {
  dir: DataDir;
  catalog: SqliteCatalog;
  runs: SqliteRuns;
  events: SqliteEvents;
}

/**
 * Retention: removes all but the newest `keep` finished runs, whole.
 * @returns the removed run ids, newest first
 */
export async function pruneFinishedRuns(s: RetentionStores, keep: number): Promise<string[]> {
  const old = s.runs.finishedRunIds().slice(Math.max(0, keep));
  if (old.length > 0) await removeRunsWhole(s, old);
  return old;
}

/** Removes runs whole: events, metrics and run rows in one transaction, then their folders. */
export async function removeRunsWhole(s: RetentionStores, ids: string[]): Promise<void> {
  const db = s.catalog.db;
  db.exec("BEGIN IMMEDIATE");
  try {
    for (const id of ids) {
      s.events.deleteRun(id);
      s.runs.deleteRun(id);
    }
    db.exec("COMMIT");
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
  for (const id of ids) {
    await removeIfExists(safeJoin(s.dir.backtests, id));
    await removeIfExists(safeJoin(s.dir.backtests, id) + ".building");
  }
}

/** Job id of a dataset build (events are recorded under it). */
export function datasetJobId(spec: DatasetSpec): string {
  return `dataset-${
    sha256Hex(canonicalJson(spec as unknown as Record<string, unknown>)).slice(0, 16)
  }`;
}

function errorData(err: unknown): Record<string, unknown> {
  return err instanceof HewstonError
    ? { code: err.code, message: err.message }
    : { code: "INTERNAL", message: errorLine(err) };
}
