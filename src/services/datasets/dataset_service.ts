/**
 * @module
 * The one dataset resolution of Hewston, for the API and every CLI command: a dataset id or
 * a symbol range → a READY dataset of the catalog, built when a source can serve it — local
 * DBN files in the raw cache, Databento when a key is set, the synthetic source for DEMO and
 * TEST only. Builds run on the task runner (never on the caller's event loop), concurrent
 * requests for one spec share one build, and each build records its events under the job id
 * `dataset-<hash>`.
 */
import { join } from "node:path";
import { canonicalJson } from "../../domain/canonical_json.ts";
import { errorLine, HewstonError, NotFoundError } from "../../domain/errors.ts";
import { sha256Hex } from "../../domain/hash.ts";
import type {
  Catalog,
  DatabentoConfig,
  DatasetBuildResult,
  DatasetRecord,
  DatasetSpec,
  Progress,
} from "../../domain/ports.ts";
import { DEFAULT_SEED, isSyntheticSymbol, SYNTHETIC_SYMBOLS } from "../../domain/defaults.ts";
import { validateRange } from "../../market/dataset_id.ts";
import { type DataDir, exists, removeIfExists, safeJoin } from "../../store/data_dir.ts";
import type { JobEvents } from "../runs/run_events.ts";
import { datasetSpecView } from "../views/datasets.ts";
import type { DatasetRef } from "../runs/run_request.ts";
import type { LogFn } from "../log.ts";
import type { TaskRunner } from "../tasks.ts";
import { JobDurations } from "../job_durations.ts";

/** What the dataset service needs. */
export interface DatasetServiceDeps {
  dir: DataDir;
  catalog: Catalog;
  events: JobEvents;
  runner: TaskRunner;
  /**
   * Databento access (`HewstonConfig.databento`): with it, a symbol with no local data is
   * downloaded. @default null
   */
  databento?: DatabentoConfig | null;
  /** Structured log: each finished or failed build is one line. */
  log?: LogFn;
  /** Where finished builds' wall times go (for /metrics). @default a fresh one */
  durations?: JobDurations;
}

/** A build's outcome, with the job id its events are recorded under. */
export interface DatasetBuild {
  jobId: string;
  result: DatasetBuildResult;
}

/** `AAPL-2023-1m` (seed 000's example id) names a symbol-year of 1-minute bars. */
export const DATASET_ALIAS = /^([A-Za-z0-9.]+)-(\d{4})-1m$/;

/** Dataset resolution and builds; see the module doc. */
export class DatasetService {
  readonly #d: DatasetServiceDeps;
  readonly #jobs = new Map<string, Promise<DatasetBuildResult>>();
  readonly #aborts = new Map<string, AbortController>();
  /** Each running build's callers who want its progress (a CLI's progress bar). */
  readonly #progressListeners = new Map<string, Set<(p: Progress) => void>>();
  /** Wall times of finished builds (kind `dataset`), for /metrics. */
  readonly durations: JobDurations;

  /** @param deps data dir, catalog, event log, task runner, Databento key */
  constructor(deps: DatasetServiceDeps) {
    this.#d = deps;
    this.durations = deps.durations ?? new JobDurations();
  }

  /**
   * The READY dataset a reference names, building it when a source can (see the module doc).
   * @throws {NotFoundError} DATASET_NOT_FOUND with how to get data
   * @throws {ValidationError} bad symbol or dates
   */
  async resolve(
    ref: DatasetRef,
    opts: { onProgress?: (p: Progress) => void } = {},
  ): Promise<DatasetRecord> {
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
      return this.resolve({
        symbol: alias[1].toUpperCase(),
        from: `${alias[2]}-01-01`,
        to: `${alias[2]}-12-31`,
      }, opts);
    }
    const symbol = validateRange(ref.symbol, ref.from, ref.to);
    const found = this.#d.catalog.findReadyDataset(symbol, ref.from, ref.to);
    if (found) return found;
    const spec = await this.#specFor(symbol, ref.from, ref.to);
    return (await this.build(spec, opts)).result.dataset;
  }

  /**
   * The spec a dataset of `symbol` over `from..to` is built from when no source is named.
   * @throws {ValidationError} bad symbol or dates; {@link NotFoundError} DATASET_NOT_FOUND
   */
  specFor(symbol: string, from: string, to: string): Promise<DatasetSpec> {
    return this.#specFor(validateRange(symbol, from, to), from, to);
  }

  /**
   * Builds (or finds) the dataset of `spec` on the task runner, sharing one build between
   * concurrent callers of the same spec.
   * @param opts `force` rebuilds a READY dataset in place; `onProgress` sees this caller's
   *   progress reports (the events get them all)
   */
  async build(
    spec: DatasetSpec,
    opts: { force?: boolean; onProgress?: (p: Progress) => void } = {},
  ): Promise<DatasetBuild> {
    const jobId = datasetJobId(spec);
    const listeners = this.#progressListeners.get(jobId) ?? new Set();
    this.#progressListeners.set(jobId, listeners);
    if (opts.onProgress) listeners.add(opts.onProgress);
    let job = this.#jobs.get(jobId);
    if (!job) {
      const t0 = performance.now();
      const events = this.#d.events;
      const ac = new AbortController();
      events.append(jobId, "stage", "queued", { spec: datasetSpecView(spec) });
      job = this.#d.runner.run(
        {
          kind: "dataset",
          dir: this.#d.dir,
          spec,
          force: opts.force,
          databento: this.#d.databento ?? null,
        },
        {
          signal: ac.signal,
          onProgress: (p) => {
            events.progress(jobId, p);
            for (const fn of this.#progressListeners.get(jobId) ?? []) fn(p);
          },
        },
      ).then((r) => {
        events.append(jobId, "done", "done", {
          dataset_id: r.dataset.datasetId,
          bars: r.bars,
        });
        this.durations.record("dataset", performance.now() - t0);
        this.#d.log?.("info", "dataset job done", {
          job_id: jobId,
          dataset_id: r.dataset.datasetId,
          bars: r.bars,
          reused: r.reused,
          seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
        });
        return r;
      }, async (err) => {
        if (ac.signal.aborted) {
          // The worker was stopped mid-build: its row and partial folder go with it.
          await this.#failBuilding(spec, "cancelled").catch(() => {});
          events.append(jobId, "cancelled", "cancelled", { status: "CANCELLED" });
        } else events.error(jobId, err);
        this.#d.log?.("warn", "dataset job failed", { job_id: jobId, error: errorLine(err) });
        throw err;
      }).finally(() => {
        this.#jobs.delete(jobId);
        this.#aborts.delete(jobId);
        this.#progressListeners.delete(jobId);
        events.settle(jobId);
      });
      this.#jobs.set(jobId, job);
      this.#aborts.set(jobId, ac);
    }
    try {
      return { jobId, result: await job };
    } finally {
      if (opts.onProgress) listeners.delete(opts.onProgress);
    }
  }

  /** Whether the build `jobId` is queued or running in this process. */
  isBuilding(jobId: string): boolean {
    return this.#jobs.has(jobId);
  }

  /**
   * Cancels a queued or running build: its worker is stopped, the dataset row is marked
   * ERROR "cancelled", and the job's stream ends with a `cancelled` event.
   * @throws {NotFoundError} JOB_NOT_FOUND; {@link HewstonError} JOB_FINISHED (409)
   */
  async cancel(jobId: string, known: boolean): Promise<void> {
    const ac = this.#aborts.get(jobId);
    if (!ac) {
      if (!jobId.startsWith("dataset-") || !known) {
        throw new NotFoundError("JOB_NOT_FOUND", `dataset job ${jobId} not found`);
      }
      throw new HewstonError("JOB_FINISHED", `dataset job ${jobId} has already finished`, {
        status: 409,
      });
    }
    const job = this.#jobs.get(jobId);
    ac.abort();
    await job?.catch(() => {/* reported through events */});
  }

  /** Marks the BUILDING rows of `spec`'s range ERROR and removes their partial folders. */
  async #failBuilding(spec: DatasetSpec, why: string): Promise<void> {
    for (const d of this.#d.catalog.listDatasets({ symbol: spec.symbol, status: "BUILDING" })) {
      if (d.fromDate !== spec.from || d.toDate !== spec.to) continue;
      this.#d.catalog.failDataset(d.datasetId, why);
      await removeIfExists(safeJoin(this.#d.dir.derivedBars, d.datasetId) + ".building");
    }
  }

  /** Starts a build without waiting; returns its job id (events follow). */
  startBuild(spec: DatasetSpec, force = false): string {
    this.build(spec, { force }).catch(() => {/* reported through events */});
    return datasetJobId(spec);
  }

  async #specFor(symbol: string, from: string, to: string): Promise<DatasetSpec> {
    const local = safeJoin(this.#d.dir.raw, "dbn", symbol);
    const files = await localDbnFiles(local);
    if (files.trades.length > 0) {
      return { symbol, from, to, source: { kind: "dbn", ...files } };
    }
    const databento = this.#d.databento;
    if (databento) {
      return { symbol, from, to, source: { kind: "databento", dataset: databento.dataset } };
    }
    if (isSyntheticSymbol(symbol)) {
      return { symbol, from, to, source: { kind: "synthetic", seed: DEFAULT_SEED } };
    }
    throw new NotFoundError(
      "DATASET_NOT_FOUND",
      `no ${symbol} data for ${from}..${to}: put TRADES+TBBO DBN files in ${local}, set DATABENTO_API_KEY, or POST /datasets; synthetic data serves only ${
        SYNTHETIC_SYMBOLS.join(" and ")
      }`,
    );
  }
}

/** Job id of a dataset build (its events are recorded under it). */
export function datasetJobId(spec: DatasetSpec): string {
  return `dataset-${
    sha256Hex(canonicalJson(spec as unknown as Record<string, unknown>)).slice(0, 16)
  }`;
}

/**
 * The TRADES and TBBO files of the raw cache folder `local` (`raw/dbn/<SYMBOL>/`), sorted.
 * Ingest copies each input into this folder as `<sha256[:12]>_<name>`: a copy whose original
 * is still here is the same data, and reading both would count trades twice.
 */
async function localDbnFiles(local: string): Promise<{ trades: string[]; tbbo: string[] }> {
  const trades: string[] = [];
  const tbbo: string[] = [];
  if (!await exists(local)) return { trades, tbbo };
  const names: string[] = [];
  for await (const e of Deno.readDir(local)) if (e.isFile) names.push(e.name);
  const present = new Set(names);
  for (const name of names) {
    const copyOf = name.match(/^[0-9a-f]{12}_(.+)$/)?.[1];
    if (copyOf !== undefined && present.has(copyOf)) continue;
    if (/\.trades\.dbn(\.zst)?$/.test(name)) trades.push(join(local, name));
    else if (/\.tbbo\.dbn(\.zst)?$/.test(name)) tbbo.push(join(local, name));
  }
  return { trades: trades.sort(), tbbo: tbbo.sort() };
}
