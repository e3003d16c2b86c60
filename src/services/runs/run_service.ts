/**
 * @module
 * The one application path of a backtest, for the API and the CLI alike: request → canonical
 * config → dataset resolution → input hash → QUEUED row → task runner → artifacts → DONE →
 * events → retention. Also cancel, delete and start-up recovery. Every stage change and
 * progress step becomes an event row, pushed to subscribers (SSE streams, a waiting CLI).
 * CPU work never runs here: only on the task runner.
 */
import { errorLine, HewstonError, NotFoundError } from "../../domain/errors.ts";
import type { RunEvent } from "../../domain/events.ts";
import {
  type DatasetRecord,
  type DatasetSpec,
  FINISHED_STATUSES,
  type Progress,
  type RunRecord,
} from "../../domain/ports.ts";
import type { SqliteCatalog } from "../../store/catalog_sqlite.ts";
import { type DataDir, removeIfExists, safeJoin } from "../../store/data_dir.ts";
import type { SqliteEvents } from "../../store/events_sqlite.ts";
import type { SqliteRuns } from "../../store/runs_sqlite.ts";
import { canonicalJson } from "../../domain/canonical_json.ts";
import { parseRunConfig } from "../../engine/run_config.ts";
import { DATASET_ALIAS, DatasetService } from "../datasets/dataset_service.ts";
import type { LogFn } from "../log.ts";
import type { TaskRunner } from "../tasks.ts";
import { prepareRun } from "./prepare_run.ts";
import { pruneFinishedRuns, removeRunsWhole } from "./retention.ts";
import { JobEvents } from "./run_events.ts";
import { type DatasetRef, normalizeBacktestBody } from "./run_request.ts";
import { DEFAULT_KEEP } from "../../domain/defaults.ts";
import type { DatabentoConfig } from "../../domain/ports.ts";
import { JobDurations } from "../job_durations.ts";

export type { LogFn };

/** How long after a cancel or delete its folders are looked at again. */
const SWEEP_DELAY_MS = 500;

/** Everything the service needs. */
export interface RunServiceDeps {
  dir: DataDir;
  catalog: SqliteCatalog;
  runs: SqliteRuns;
  events: SqliteEvents;
  /** Where runs and dataset builds execute (a worker pool, or the CLI's own runner). */
  pool: TaskRunner;
  /** Finished runs to keep (retention). @default 100 (`DEFAULT_KEEP`) */
  keep?: number;
  log?: LogFn;
  /**
   * Databento access (`HewstonConfig.databento`): with it, a symbol with no local data is
   * downloaded. @default null
   */
  databento?: DatabentoConfig | null;
}

/** Outcome of a submit. */
export interface SubmitResult {
  runId: string;
  status: "QUEUED" | "EXISTS";
  run: RunRecord;
}

/** Options of a submit. */
export interface SubmitOptions {
  idempotencyKey?: string;
  /** Progress of a dataset build the submit waits for (a CLI's progress bar). */
  onDatasetProgress?: (p: Progress) => void;
}

/** The run orchestrator behind the API and the CLI. */
export class RunService {
  readonly #d: RunServiceDeps;
  readonly #active = new Map<string, AbortController>();
  readonly #settled = new Map<string, Promise<void>>();
  readonly #stop = new AbortController();
  readonly #sweeps = new Set<ReturnType<typeof setTimeout>>();
  /** The event log and live subscribers of every run and dataset build. */
  readonly events: JobEvents;
  /** The dataset resolution runs use (and `POST /datasets`, `hewston data`). */
  readonly datasets: DatasetService;
  /** Wall times of finished jobs (runs and dataset builds) by kind, for /metrics. */
  readonly durations = new JobDurations();

  /** @param deps catalog, task runner, data dir, retention */
  constructor(deps: RunServiceDeps) {
    this.#d = deps;
    this.events = new JobEvents(deps.events, deps.log);
    this.datasets = new DatasetService({
      dir: deps.dir,
      catalog: deps.catalog,
      events: this.events,
      runner: deps.pool,
      databento: deps.databento,
      log: deps.log,
      durations: this.durations,
    });
  }

  /** Finished runs retention keeps. */
  get keep(): number {
    return this.#d.keep ?? DEFAULT_KEEP;
  }

  /** Runs active (queued on the runner or running) right now. */
  get activeCount(): number {
    return this.#active.size;
  }

  /** Aborted by {@link stop}: long-lived streams end on it, so the server can shut down. */
  get stopSignal(): AbortSignal {
    return this.#stop.signal;
  }

  /**
   * Whether the run or dataset job `jobId` is queued on the runner or running now (its
   * terminal event is yet to come, and its first events may still wait for a busy catalog).
   */
  isActive(jobId: string): boolean {
    return this.#active.has(jobId) || this.datasets.isBuilding(jobId);
  }

  /** Task runner figures for /healthz and /metrics. */
  poolStats(): { workers: number; alive: number; queued: number; running: number } {
    const p = this.#d.pool;
    return { workers: p.parallelism, ...p.stats() };
  }

  /**
   * Validates a POST /backtests body (any accepted shape), resolves (or builds) its dataset,
   * and records a QUEUED run — or returns the identical existing run (same input hash or
   * idempotency key).
   * @throws {ValidationError} bad body; {@link NotFoundError} no such dataset or strategy
   */
  async submit(body: unknown, opts: SubmitOptions = {}): Promise<SubmitResult> {
    const n = normalizeBacktestBody(body);
    if (opts.idempotencyKey) {
      const prior = this.#d.runs.findRunByIdempotencyKey(opts.idempotencyKey);
      if (prior) {
        // A key names one request: another body under it is a client bug, not a retry.
        if (!this.#sameRequest(prior, n)) {
          throw new HewstonError(
            "IDEMPOTENCY_KEY_REUSED",
            `Idempotency-Key ${opts.idempotencyKey} was used for run ${prior.runId} with another body; send a new key`,
            { status: 409, details: { run_id: prior.runId } },
          );
        }
        return { runId: prior.runId, status: "EXISTS", run: prior };
      }
    }
    const dataset = await this.datasets.resolve(n.dataset, {
      onProgress: opts.onDatasetProgress,
    });
    const { run, created } = await prepareRun(
      { dir: this.#d.dir, catalog: this.#d.catalog, runs: this.#d.runs },
      { ...n.request, dataset_id: dataset.datasetId },
      { idempotencyKey: opts.idempotencyKey, speed: n.speed },
    );
    if (!created) return { runId: run.runId, status: "EXISTS", run };
    // A run deleted before and submitted again starts a fresh log: its old `deleted` event
    // would end its stream at once.
    this.events.write(() => this.#d.events.deleteRun(run.runId));
    this.events.append(run.runId, "stage", "queued", { status: "QUEUED" });
    this.#schedule(run.runId);
    return { runId: run.runId, status: "QUEUED", run };
  }

  /**
   * Whether a normalised body asks for the same canonical run config as `prior` (its dataset
   * resolved without building anything: an unresolvable one is another request).
   */
  #sameRequest(prior: RunRecord, n: ReturnType<typeof normalizeBacktestBody>): boolean {
    const ref = n.dataset;
    let datasetId: string | undefined;
    if ("datasetId" in ref) {
      const alias = ref.datasetId.match(DATASET_ALIAS);
      datasetId = this.#d.catalog.getDataset(ref.datasetId)?.datasetId ??
        (alias
          ? this.#d.catalog.findReadyDataset(
            alias[1].toUpperCase(),
            `${alias[2]}-01-01`,
            `${alias[2]}-12-31`,
          )?.datasetId
          : undefined);
    } else {
      datasetId = this.#d.catalog.findReadyDataset(ref.symbol.toUpperCase(), ref.from, ref.to)
        ?.datasetId;
    }
    if (datasetId === undefined) return false;
    try {
      const cfg = parseRunConfig({ ...n.request, dataset_id: datasetId });
      return canonicalJson(cfg as unknown as Record<string, unknown>) ===
        canonicalJson(prior.config as Record<string, unknown>);
    } catch {
      return false;
    }
  }

  /**
   * The run once it has finished (DONE, ERROR or CANCELLED): at once for a finished run,
   * else when its terminal event has been written and retention applied.
   * @throws {NotFoundError} RUN_NOT_FOUND
   */
  async finished(runId: string): Promise<RunRecord> {
    await this.#settled.get(runId);
    return this.get(runId);
  }

  /** The READY dataset a reference names, building it when a source can (see DatasetService). */
  resolveDataset(ref: DatasetRef): Promise<DatasetRecord> {
    return this.datasets.resolve(ref);
  }

  /** The spec a dataset is built from when no source is named (see DatasetService). */
  datasetSpecFor(symbol: string, from: string, to: string): Promise<DatasetSpec> {
    return this.datasets.specFor(symbol, from, to);
  }

  /** Builds (or finds) a dataset; concurrent builds of one spec are shared. */
  async buildDataset(
    spec: DatasetSpec,
    force = false,
  ): Promise<{ jobId: string; dataset: DatasetRecord }> {
    const { jobId, result } = await this.datasets.build(spec, { force });
    return { jobId, dataset: result.dataset };
  }

  /** Starts a dataset build without waiting; returns its job id (events follow). */
  startDatasetBuild(spec: DatasetSpec, force = false): string {
    return this.datasets.startBuild(spec, force);
  }

  /**
   * Cancels a queued or running dataset build (see DatasetService.cancel).
   * @throws {NotFoundError} JOB_NOT_FOUND; {@link HewstonError} JOB_FINISHED (409)
   */
  cancelDatasetBuild(jobId: string): Promise<void> {
    return this.datasets.cancel(jobId, this.#d.events.lastId(jobId) > 0);
  }

  /** The Databento dataset this server downloads from, or null without a key. */
  get databentoDataset(): string | null {
    return this.#d.databento?.dataset ?? null;
  }

  /**
   * Deletes a dataset no run or sweep uses: its catalog row, then its bars folder.
   * @throws {NotFoundError} DATASET_NOT_FOUND; {@link HewstonError} DATASET_BUILDING (409),
   *   DATASET_IN_USE (409, `details.runs`: how many runs use it)
   */
  async deleteDataset(datasetId: string): Promise<void> {
    const d = this.#d.catalog.getDataset(datasetId);
    if (!d) {
      throw new NotFoundError("DATASET_NOT_FOUND", `dataset ${datasetId} not found`);
    }
    if (d.status === "BUILDING") {
      throw new HewstonError(
        "DATASET_BUILDING",
        `dataset ${datasetId} is being built; cancel its build first`,
        { status: 409, details: { dataset_id: datasetId } },
      );
    }
    const inUse = (runs: number, what: string) =>
      new HewstonError(
        "DATASET_IN_USE",
        `dataset ${datasetId} is used by ${what}; delete ${
          runs > 1 ? "them" : "it"
        } first (GET /backtests?dataset_id=${datasetId})`,
        { status: 409, details: { dataset_id: datasetId, runs } },
      );
    const runs = this.#d.runs.listRuns({ datasetId, limit: 1 }).total;
    if (runs > 0) throw inUse(runs, runs === 1 ? "1 run" : `${runs} runs`);
    try {
      this.#d.catalog.deleteDataset(datasetId);
    } catch (err) {
      // A run submitted meanwhile, or a sweep, still references it (the catalog refuses).
      if (/FOREIGN KEY/i.test(String(err))) throw inUse(0, "a run or a sweep");
      throw err;
    }
    const folder = safeJoin(this.#d.dir.derivedBars, datasetId);
    await Promise.all([folder, folder + ".building", folder + ".old"].map(removeIfExists));
    this.#d.log?.("info", "dataset deleted", { dataset_id: datasetId });
  }

  /**
   * Cancels a QUEUED or RUNNING run: stops its worker, marks it CANCELLED, removes partial files.
   * @throws {NotFoundError} unknown run; {@link HewstonError} RUN_FINISHED (409)
   */
  async cancel(runId: string): Promise<RunRecord> {
    const run = this.get(runId);
    if (FINISHED_STATUSES.has(run.status)) {
      throw new HewstonError("RUN_FINISHED", `run ${runId} is already ${run.status}`, {
        status: 409,
      });
    }
    // The row first: a busy catalog refuses the cancel (503) before the worker is stopped.
    this.#d.runs.updateRun(runId, {
      status: "CANCELLED",
      finishedAt: new Date().toISOString(),
      error: "cancelled",
    });
    this.#active.get(runId)?.abort();
    this.#active.delete(runId);
    // The event goes out before any await: a stream seeing the run finished and inactive
    // must find its terminal event already stored.
    this.events.append(runId, "cancelled", "cancelled", { status: "CANCELLED" });
    await removeIfExists(safeJoin(this.#d.dir.backtests, runId) + ".building");
    this.#sweepLater(runId);
    return this.get(runId);
  }

  /** Deletes a run whole: stops it if active, removes its folder, rows and events. */
  async delete(runId: string): Promise<void> {
    const run = this.get(runId);
    if (!FINISHED_STATUSES.has(run.status)) await this.cancel(runId);
    await removeRunsWhole(this.#d, [runId]);
    this.#sweepLater(runId);
  }

  /**
   * A stopped worker's last file operation can still land after its run was cancelled or
   * deleted (Worker.terminate ends the JS, not a write already handed to the OS), leaving a
   * `<id>.building` folder, or a folder for a row that is gone. Looked at again shortly after:
   * removed unless the run was queued again or finished DONE meanwhile.
   */
  #sweepLater(runId: string): void {
    const timer = setTimeout(() => {
      this.#sweeps.delete(timer);
      if (this.isActive(runId)) return;
      const failed = (err: unknown) =>
        this.#d.log?.("warn", "sweep failed", { run_id: runId, error: errorLine(err) });
      try {
        // A timer must never throw: a busy or closed catalog leaves the sweep to recovery.
        const run = this.#d.runs.getRun(runId);
        const folder = safeJoin(this.#d.dir.backtests, runId);
        const gone = [folder + ".building", ...(run?.status === "DONE" ? [] : [folder])];
        Promise.all(gone.map(removeIfExists)).catch(failed);
      } catch (err) {
        failed(err);
      }
    }, SWEEP_DELAY_MS);
    this.#sweeps.add(timer);
  }

  /**
   * Removes what no run owns from `backtests/` (nothing runs yet at start-up): every
   * `<id>.building` (or `.old`) folder, and folders of runs whose row is gone (a delete that raced a
   * worker's last write).
   */
  async #sweepOrphans(): Promise<void> {
    const names: string[] = [];
    try {
      for await (const e of Deno.readDir(this.#d.dir.backtests)) names.push(e.name);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      const orphan = name.endsWith(".building") || name.endsWith(".old") ||
        (/^[0-9a-f]{16}$/.test(name) && this.#d.runs.getRun(name) === null);
      if (!orphan) continue;
      await removeIfExists(safeJoin(this.#d.dir.backtests, name));
      removed++;
    }
    if (removed) this.#d.log?.("info", "swept orphan run folders", { removed });
  }

  /**
   * Start-up recovery: runs left RUNNING by a crash become ERROR (partial folders removed);
   * QUEUED runs are scheduled again; datasets left BUILDING become ERROR, and dataset jobs
   * without a terminal event get an `error` one (INTERRUPTED; listed in `interrupted`).
   */
  async recover(): Promise<{ failed: string[]; requeued: string[]; interrupted: string[] }> {
    const failed: string[] = [];
    const requeued: string[] = [];
    const interrupted: string[] = [];
    for (const d of this.#d.catalog.listDatasets({ status: "BUILDING" })) {
      this.#d.catalog.failDataset(d.datasetId, "interrupted: the server stopped during the build");
      await removeIfExists(safeJoin(this.#d.dir.derivedBars, d.datasetId) + ".building");
    }
    // An accepted build the server lost ends visibly: its stream gets a terminal event.
    for (const jobId of this.#d.events.unfinished("dataset-")) {
      this.events.append(jobId, "error", "error", {
        code: "INTERRUPTED",
        message: "the server stopped during the build; POST /datasets again to rebuild",
      });
      interrupted.push(jobId);
    }
    for (const r of this.#d.runs.listRuns({ status: "RUNNING", limit: 100_000 }).items) {
      this.#d.runs.updateRun(r.runId, {
        status: "ERROR",
        error: "interrupted: the server stopped during the run",
        finishedAt: new Date().toISOString(),
      });
      this.events.append(r.runId, "error", "error", {
        code: "INTERRUPTED",
        message: "the server stopped during the run",
      });
      await removeIfExists(safeJoin(this.#d.dir.backtests, r.runId) + ".building");
      failed.push(r.runId);
    }
    await this.#sweepOrphans();
    const queued =
      this.#d.runs.listRuns({ status: "QUEUED", limit: 100_000, order: "created_at" }).items;
    for (const r of queued) {
      this.#schedule(r.runId);
      requeued.push(r.runId);
    }
    if (interrupted.length) {
      this.#d.log?.("info", "dataset builds interrupted", { jobs: interrupted.length });
    }
    this.#d.log?.("info", "recovered", { failed: failed.length, requeued: requeued.length });
    return { failed, requeued, interrupted };
  }

  /**
   * Retention: keeps the newest `keep` finished runs; older ones are removed whole.
   * @returns the removed run ids
   */
  prune(keep = this.keep): Promise<string[]> {
    return pruneFinishedRuns(this.#d, keep);
  }

  /** Subscribes to the events of one run (or dataset job); returns the unsubscribe function. */
  subscribe(runId: string, fn: (e: RunEvent) => void): () => void {
    return this.events.subscribe(runId, fn);
  }

  /** Number of live subscriptions to `runId`'s events (open streams). */
  subscriberCount(runId: string): number {
    return this.events.subscriberCount(runId);
  }

  /** Cancels every active run's worker (server shutdown); rows stay QUEUED/RUNNING for recovery. */
  stop(): void {
    this.#stop.abort();
    this.events.stop();
    for (const t of this.#sweeps) clearTimeout(t);
    this.#sweeps.clear();
    for (const ac of this.#active.values()) ac.abort();
    this.#active.clear();
  }

  /**
   * The run `runId` as the catalog holds it now.
   * @throws {NotFoundError} RUN_NOT_FOUND
   */
  get(runId: string): RunRecord {
    const run = this.#d.runs.getRun(runId);
    if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${runId} not found`);
    return run;
  }

  #schedule(runId: string): void {
    const ac = new AbortController();
    this.#active.set(runId, ac);
    const t0 = performance.now();
    const settled = this.#d.pool.run(
      { kind: "backtest", dir: this.#d.dir, runId },
      { signal: ac.signal, onProgress: (p) => this.events.progress(runId, p) },
    ).then(async () => {
      const run = this.#d.runs.getRun(runId);
      const metrics = this.#d.runs.getRunMetrics(runId);
      this.events.append(runId, "done", "done", {
        status: run?.status ?? "DONE",
        duration_ms: run?.durationMs ?? null,
        sharpe: metrics?.sharpe ?? null,
        total_return: metrics?.total_return ?? null,
      });
      this.durations.record("backtest", performance.now() - t0);
      this.#d.log?.("info", "run done", { run_id: runId, duration_ms: run?.durationMs });
      try {
        const removed = await this.prune();
        if (removed.length) {
          this.#d.log?.("info", "retention", { removed: removed.length, keep: this.keep });
        }
      } catch (err) {
        // A busy catalog postpones retention to the next finished run (or the next start).
        this.#d.log?.("warn", "retention skipped", { error: errorLine(err) });
      }
    }, (err) => {
      if (err instanceof HewstonError && err.code === "CANCELLED") return; // cancel() reported it
      this.events.write(() => {
        const run = this.#d.runs.getRun(runId);
        if (run && !FINISHED_STATUSES.has(run.status)) {
          // The worker died (or could not reach the catalog) before it recorded the failure.
          this.#d.runs.updateRun(runId, {
            status: "ERROR",
            error: errorLine(err),
            finishedAt: new Date().toISOString(),
          });
        }
      });
      this.events.error(runId, err);
      this.#d.log?.("warn", "run failed", { run_id: runId, error: errorLine(err) });
    }).finally(() => {
      if (this.#active.get(runId) === ac) this.#active.delete(runId);
      this.#settled.delete(runId);
      this.events.settle(runId);
    });
    this.#settled.set(runId, settled);
  }
}
