/**
 * @module
 * The one application path of a parameter sweep, for the API and the CLI alike: request →
 * canonical config → dataset resolution → sweep id (hash of the inputs) → QUEUED row → chunks
 * on the task runner → staged artifacts → DONE → events; also cancel, delete, start-up
 * recovery, and a member's full run on demand (the equivalent `POST /backtests`). Events go
 * to the same log and subscribers as runs, so the same SSE routes stream them.
 */
import { errorLine, HewstonError, NotFoundError } from "../../domain/errors.ts";
import { type DatasetRecord, FINISHED_STATUSES, type Progress } from "../../domain/ports.ts";
import type { SweepRecord } from "../../domain/sweep_record.ts";
import { parseRunConfig } from "../../engine/run_config.ts";
import { expandGrid } from "../../engine/sweep/mod.ts";
import type { SqliteCatalog } from "../../store/catalog_sqlite.ts";
import { type DataDir, removeIfExists, safeJoin } from "../../store/data_dir.ts";
import type { SqliteEvents } from "../../store/events_sqlite.ts";
import { storeOver } from "../../store/open_store.ts";
import type { SqliteSweeps, SweepListQuery } from "../../store/sweeps_sqlite.ts";
import type { SqliteTrials } from "../../store/trials_sqlite.ts";
import { DATASET_ALIAS } from "../datasets/dataset_service.ts";
import type { LogFn } from "../log.ts";
import type { RunService, SubmitResult } from "../runs/run_service.ts";
import { type DatasetRef, normalizeBacktestBody } from "../runs/run_request.ts";
import type { TaskRunner } from "../tasks.ts";
import { chunkPlan, executeSweep, sweepFolder, type SweepProgress } from "./execute_sweep.ts";
import { planSweep, type SweepPlan } from "./plan_sweep.ts";
import { primeMembersTable } from "./sweep_results.ts";
import { normalizeSweepBody } from "./sweep_request.ts";

/** Everything the sweep service needs. */
export interface SweepServiceDeps {
  dir: DataDir;
  catalog: SqliteCatalog;
  sweeps: SqliteSweeps;
  trials: SqliteTrials;
  /** The event rows (deleted with a sweep). */
  events: SqliteEvents;
  /** Runs: the shared event log and dataset resolution, and members' runs on demand. */
  runs: RunService;
  /**
   * Where the chunks run: the local worker pool, or another runner (the queue adapter of
   * `serve --queue`), chosen by the composition root.
   */
  runner: TaskRunner;
  log?: LogFn;
}

/**
 * The sweep service over a data dir's open catalog (its stores share the connection), next to
 * its run service: what every composition root (the server, the CLI, the API tests) builds.
 * @param runner where the chunks run (the local pool, the CLI's runner, or a queue)
 */
export function sweepServiceOver(
  dir: DataDir,
  catalog: SqliteCatalog,
  runs: RunService,
  runner: TaskRunner,
  log?: LogFn,
): SweepService {
  const store = storeOver(catalog);
  return new SweepService({
    dir,
    catalog,
    sweeps: store.sweeps,
    trials: store.trials,
    events: store.events,
    runs,
    runner,
    log,
  });
}

/** Outcome of a submit. */
export interface SweepSubmitResult {
  sweepId: string;
  status: "QUEUED" | "EXISTS";
  sweep: SweepRecord;
}

/** Options of a submit. */
export interface SweepSubmitOptions {
  idempotencyKey?: string;
  /** Progress of a dataset build the submit waits for (a CLI's progress bar). */
  onDatasetProgress?: (p: Progress) => void;
}

/** The sweep orchestrator behind `/sweeps` and `hewston sweep`. */
export class SweepService {
  readonly #d: SweepServiceDeps;
  readonly #active = new Map<string, AbortController>();
  readonly #settled = new Map<string, Promise<void>>();
  /** Why a sweep of this process failed, for a caller waiting on it (the CLI). */
  readonly #errors = new Map<string, unknown>();

  /** @param deps catalog stores, the run service, the task runner */
  constructor(deps: SweepServiceDeps) {
    this.#d = deps;
  }

  /** Whether sweep `id` is queued on the runner or running now. */
  isActive(id: string): boolean {
    return this.#active.has(id);
  }

  /** Sweeps active right now. */
  get activeCount(): number {
    return this.#active.size;
  }

  /**
   * Validates a POST /sweeps body, resolves (or builds) its dataset, plans the grid and records
   * a QUEUED sweep — or returns the identical existing one (same inputs or idempotency key).
   * A sweep that ended in ERROR or CANCELLED is queued again.
   * @throws {ValidationError} bad body or grid; {@link NotFoundError} no such dataset or
   *   strategy; {@link HewstonError} IDEMPOTENCY_KEY_REUSED (409)
   */
  async submit(body: unknown, opts: SweepSubmitOptions = {}): Promise<SweepSubmitResult> {
    const n = normalizeSweepBody(body);
    const key = opts.idempotencyKey;
    if (key) {
      const prior = this.#d.sweeps.findByIdempotencyKey(key);
      if (prior) {
        const dataset = this.#findDataset(n.base.dataset);
        const same = dataset !== null && await planSweep(
          this.#d.dir,
          dataset,
          { ...n.base.request, dataset_id: dataset.datasetId },
          n.grid,
          n.metric,
          n.blocks,
        ).then((p) => p.sweepId === prior.sweepId, () => false);
        if (!same) {
          throw new HewstonError(
            "IDEMPOTENCY_KEY_REUSED",
            `Idempotency-Key ${key} was used for sweep ${prior.sweepId} with another body; send a new key`,
            { status: 409, details: { sweep_id: prior.sweepId } },
          );
        }
        return { sweepId: prior.sweepId, status: "EXISTS", sweep: prior };
      }
    }
    const dataset = await this.#d.runs.datasets.resolve(n.base.dataset, {
      onProgress: opts.onDatasetProgress,
    });
    const plan = await planSweep(
      this.#d.dir,
      dataset,
      { ...n.base.request, dataset_id: dataset.datasetId },
      n.grid,
      n.metric,
      n.blocks,
    );
    const { created, sweep } = this.#d.sweeps.create(recordOf(plan, key ?? null));
    if (!created) {
      // QUEUED or RUNNING but run by no one here: left by a process that died (a server
      // recovers its own at start-up, so this is a killed CLI's) — run it again.
      const stale = !FINISHED_STATUSES.has(sweep.status) && !this.isActive(sweep.sweepId);
      const failed = sweep.status === "ERROR" || sweep.status === "CANCELLED";
      if (!stale && !failed) return { sweepId: sweep.sweepId, status: "EXISTS", sweep };
      this.#d.sweeps.requeue(sweep.sweepId);
    }
    // A sweep queued again (failed, cancelled or deleted before) starts a fresh log: an old
    // terminal event would end its stream at once.
    this.#d.runs.events.write(() => this.#d.events.deleteRun(plan.sweepId));
    this.#d.runs.events.append(plan.sweepId, "stage", "queued", {
      status: "QUEUED",
      members: plan.members.length,
    });
    this.#schedule(plan.sweepId);
    return { sweepId: plan.sweepId, status: "QUEUED", sweep: this.get(plan.sweepId) };
  }

  /**
   * What a POST /sweeps body would run, without running it or resolving its dataset: the
   * grid's combinations, the members the strategy accepts and those it refuses (e.g. fast ≥
   * slow). A bad body fails as POST /sweeps would.
   * @throws {ValidationError} bad body, grid or parameters; {@link NotFoundError} STRATEGY_NOT_FOUND
   */
  preview(body: unknown): { combinations: number; members: number; skipped: number } {
    const n = normalizeSweepBody(body);
    const request = parseRunConfig({ ...n.base.request, dataset_id: "-" });
    const e = expandGrid(n.grid, request.strategy.params, request.strategy.id);
    return {
      combinations: e.members.length + e.skipped,
      members: e.members.length,
      skipped: e.skipped,
    };
  }

  /**
   * Sweep `id`.
   * @throws {NotFoundError} SWEEP_NOT_FOUND
   */
  get(id: string): SweepRecord {
    const s = this.#d.sweeps.get(id);
    if (!s) throw new NotFoundError("SWEEP_NOT_FOUND", `sweep ${id} not found`);
    return s;
  }

  /** Sweep `id`, or null. */
  find(id: string): SweepRecord | null {
    return this.#d.sweeps.get(id);
  }

  /** Whether sweep `id` exists. */
  isKnown(id: string): boolean {
    return this.#d.sweeps.get(id) !== null;
  }

  /** Sweeps, newest first. */
  list(q: SweepListQuery = {}): { items: SweepRecord[]; total: number } {
    return this.#d.sweeps.list(q);
  }

  /**
   * The sweep once it has finished: at once for a finished sweep, else when its terminal
   * event has been written.
   * @throws {NotFoundError} SWEEP_NOT_FOUND; the sweep's own error when it failed in this process
   */
  async finished(id: string): Promise<SweepRecord> {
    await this.#settled.get(id);
    const err = this.#errors.get(id);
    if (err !== undefined) {
      this.#errors.delete(id);
      throw err;
    }
    return this.get(id);
  }

  /**
   * Cancels a QUEUED or RUNNING sweep: its chunks stop, it becomes CANCELLED, partial files go.
   * @throws {NotFoundError} SWEEP_NOT_FOUND; {@link HewstonError} SWEEP_FINISHED (409)
   */
  async cancel(id: string): Promise<SweepRecord> {
    const s = this.get(id);
    if (FINISHED_STATUSES.has(s.status)) {
      throw new HewstonError("SWEEP_FINISHED", `sweep ${id} is already ${s.status}`, {
        status: 409,
      });
    }
    // The row first: a busy catalog refuses the cancel (503) before the chunks are stopped.
    this.#d.sweeps.update(id, {
      status: "CANCELLED",
      finishedAt: new Date().toISOString(),
      error: "cancelled",
    });
    this.#active.get(id)?.abort();
    this.#active.delete(id);
    this.#d.runs.events.append(id, "cancelled", "cancelled", { status: "CANCELLED" });
    await removeIfExists(sweepFolder(this.#d.dir, id) + ".building");
    return this.get(id);
  }

  /** Deletes a sweep whole (row, events, folder); an active sweep is cancelled first. */
  async delete(id: string): Promise<void> {
    const s = this.get(id);
    if (!FINISHED_STATUSES.has(s.status)) await this.cancel(id);
    // Its settling must not write after the row is gone.
    await this.#settled.get(id);
    // Its events are replaced by one `deleted` event, so open lists (the catalog-wide stream)
    // learn it is gone; the row and the log go in one transaction.
    const db = this.#d.catalog.db;
    db.exec("BEGIN IMMEDIATE");
    try {
      this.#d.sweeps.delete(id);
      this.#d.events.deleteRun(id);
      this.#d.events.append(id, "deleted", "deleted", { status: "DELETED" });
      db.exec("COMMIT");
    } catch (err) {
      db.exec("ROLLBACK");
      throw err;
    }
    const folder = sweepFolder(this.#d.dir, id);
    await removeIfExists(folder + ".building");
    await removeIfExists(folder);
  }

  /**
   * The full run of member `k` (its index among the sweep's members), created on demand
   * through the run service: the very run `POST /backtests` with the base config and the
   * member's parameters gives, so asking twice answers EXISTS with the same id.
   * @throws {NotFoundError} SWEEP_NOT_FOUND, MEMBER_NOT_FOUND
   */
  async memberRun(
    id: string,
    k: number,
  ): Promise<SubmitResult & { params: Record<string, unknown> }> {
    const s = this.get(id);
    const params = memberParams(s, k);
    const base = s.baseConfig as { strategy: { id: string } };
    const res = await this.#d.runs.submit({
      ...s.baseConfig,
      strategy: { id: base.strategy.id, params },
    });
    return { ...res, params };
  }

  /**
   * Start-up recovery: sweeps left RUNNING by a crash become ERROR (INTERRUPTED, with a
   * terminal event; partial folders removed); QUEUED ones are scheduled again. So an accepted
   * sweep ends finished or visibly failed, never stuck.
   */
  async recover(): Promise<{ failed: string[]; requeued: string[] }> {
    const failed = this.#d.sweeps.idsWithStatus("RUNNING");
    for (const id of failed) {
      this.#d.sweeps.update(id, {
        status: "ERROR",
        error: "interrupted: the server stopped during the sweep",
        finishedAt: new Date().toISOString(),
      });
      this.#d.runs.events.append(id, "error", "error", {
        code: "INTERRUPTED",
        message: "the server stopped during the sweep; POST it again to run it",
      });
    }
    await this.#removeBuildingFolders();
    const requeued = this.#d.sweeps.idsWithStatus("QUEUED");
    for (const id of requeued) this.#schedule(id);
    if (failed.length || requeued.length) {
      this.#d.log?.("info", "sweeps recovered", {
        failed: failed.length,
        requeued: requeued.length,
      });
    }
    return { failed, requeued };
  }

  /** Stops every active sweep's chunks (shutdown); rows stay QUEUED/RUNNING for recovery. */
  stop(): void {
    for (const ac of this.#active.values()) ac.abort();
    this.#active.clear();
  }

  async #removeBuildingFolders(): Promise<void> {
    const root = safeJoin(this.#d.dir.root, "sweeps");
    try {
      for await (const e of Deno.readDir(root)) {
        if (e.name.endsWith(".building")) await removeIfExists(safeJoin(root, e.name));
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }

  /** The READY dataset a reference names, without building anything; null when none. */
  #findDataset(ref: DatasetRef): DatasetRecord | null {
    const c = this.#d.catalog;
    if ("datasetId" in ref) {
      const d = c.getDataset(ref.datasetId);
      if (d?.status === "READY") return d;
      const alias = ref.datasetId.match(DATASET_ALIAS);
      return alias
        ? c.findReadyDataset(alias[1].toUpperCase(), `${alias[2]}-01-01`, `${alias[2]}-12-31`)
        : null;
    }
    return c.findReadyDataset(ref.symbol.toUpperCase(), ref.from, ref.to);
  }

  #schedule(id: string): void {
    const ac = new AbortController();
    this.#active.set(id, ac);
    this.#errors.delete(id);
    const events = this.#d.runs.events;
    const t0 = performance.now();
    const settled = (async () => {
      const s = this.get(id);
      // The stored base is a run config, which reads back as a POST /backtests body.
      const base = normalizeBacktestBody(s.baseConfig);
      const plan = await planSweep(
        this.#d.dir,
        this.#d.catalog.getDataset(s.datasetId),
        { ...base.request, dataset_id: s.datasetId },
        s.grid,
        s.metric,
        s.blocks,
      );
      if (plan.sweepId !== id) {
        throw new HewstonError(
          "SWEEP_INPUTS_CHANGED",
          `the code or the dataset changed since sweep ${id} was queued; submit it again`,
          { status: 409 },
        );
      }
      if (ac.signal.aborted) return;
      this.#d.sweeps.update(id, { status: "RUNNING", doneMembers: 0 });
      const { chunks } = chunkPlan(plan.members.length, this.#d.runner.parallelism);
      events.append(
        id,
        "stage",
        "sweep",
        progressData(plan, { done: 0, total: plan.members.length, chunksDone: 0, chunks }),
      );
      const outcome = await executeSweep(
        { dir: this.#d.dir, runner: this.#d.runner, trials: this.#d.trials },
        plan,
        (p) => {
          if (ac.signal.aborted) return;
          events.write(() => this.#d.sweeps.update(id, { doneMembers: p.done }));
          events.append(id, "progress", "sweep", progressData(plan, p));
          if (p.done === p.total) {
            events.append(id, "stage", "artifacts", { done: p.done, total: p.total });
          }
        },
        ac.signal,
      );
      // A cancel that came while the files were written wins: its folder is removed.
      if (ac.signal.aborted) {
        await removeIfExists(sweepFolder(this.#d.dir, id));
        return;
      }
      const durationMs = Math.round(performance.now() - t0);
      this.#d.sweeps.update(id, {
        status: "DONE",
        doneMembers: plan.members.length,
        finishedAt: new Date().toISOString(),
        durationMs,
        pbo: outcome.pbo,
        bestMember: outcome.bestMember,
        bestParams: outcome.bestParams,
        bestSharpe: outcome.bestSharpe,
        dsr: outcome.dsr,
        manifestHash: outcome.manifestHash,
        error: null,
      });
      primeMembersTable(id, outcome.manifestHash, outcome.table);
      events.append(id, "done", "done", {
        status: "DONE",
        duration_ms: durationMs,
        members: plan.members.length,
        pbo: outcome.pbo,
        best_member: outcome.bestMember,
        best_sharpe: outcome.bestSharpe,
      });
      this.#d.log?.("info", "sweep done", {
        sweep_id: id,
        members: plan.members.length,
        duration_ms: durationMs,
      });
    })().catch((err) => {
      if (err instanceof HewstonError && err.code === "CANCELLED") return; // cancel() reported it
      if (ac.signal.aborted && this.#d.sweeps.get(id)?.status === "CANCELLED") return;
      this.#errors.set(id, err);
      events.write(() => {
        const s = this.#d.sweeps.get(id);
        if (s && !FINISHED_STATUSES.has(s.status)) {
          this.#d.sweeps.update(id, {
            status: "ERROR",
            error: errorLine(err),
            finishedAt: new Date().toISOString(),
            durationMs: Math.round(performance.now() - t0),
          });
        }
      });
      events.error(id, err);
      this.#d.log?.("warn", "sweep failed", { sweep_id: id, error: errorLine(err) });
    }).finally(() => {
      if (this.#active.get(id) === ac) this.#active.delete(id);
      this.#settled.delete(id);
      events.settle(id);
    });
    this.#settled.set(id, settled);
  }
}

/**
 * The strategy parameters of member `k` of sweep `s` (the grid expanded again: cheap, and the
 * same expansion the sweep ran).
 * @throws {NotFoundError} MEMBER_NOT_FOUND
 */
export function memberParams(s: SweepRecord, k: number): Record<string, unknown> {
  const base = s.baseConfig as { strategy: { id: string; params: Record<string, unknown> } };
  const members = expandGrid(s.grid, base.strategy.params, base.strategy.id).members;
  if (!Number.isInteger(k) || k < 0 || k >= members.length) {
    throw new NotFoundError(
      "MEMBER_NOT_FOUND",
      `sweep ${s.sweepId} has members 0 to ${members.length - 1}, not ${k}`,
    );
  }
  return { ...members[k] };
}

function recordOf(plan: SweepPlan, idempotencyKey: string | null): SweepRecord {
  return {
    sweepId: plan.sweepId,
    datasetId: plan.dataset.datasetId,
    strategyId: plan.base.strategy.id,
    grid: plan.grid.map((a) => ({ name: a.name, values: [...a.values] })),
    baseConfig: plan.base as unknown as Record<string, unknown>,
    metric: plan.metric,
    blocks: plan.blocks,
    members: plan.members.length,
    skipped: plan.skipped,
    doneMembers: 0,
    status: "QUEUED",
    createdAt: new Date().toISOString(),
    finishedAt: null,
    durationMs: null,
    pbo: null,
    bestMember: null,
    bestParams: null,
    bestSharpe: null,
    dsr: null,
    manifestHash: null,
    error: null,
    idempotencyKey,
  };
}

/** An event's data: members done (`done`/`total`) and chunks done, whichever workers ran them. */
function progressData(plan: SweepPlan, p: SweepProgress): Record<string, unknown> {
  return {
    status: "RUNNING",
    done: p.done,
    total: plan.members.length,
    chunks_done: p.chunksDone,
    chunks: p.chunks,
  };
}
