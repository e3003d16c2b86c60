/**
 * @module
 * Backtest runs, end to end: `prepareRun` validates a request, hashes its inputs and records a
 * QUEUED run before any work; `executeRun` (in a worker) loads the bars, runs the pure engine,
 * writes the artifacts into `backtests/<run_id>.building/`, renames the folder into place and
 * marks the run DONE — or removes the folder and marks it ERROR. A run is never half there.
 */
import { join } from "node:path";
import denoJson from "../../deno.json" with { type: "json" };
import { canonicalJson } from "../domain/canonical_json.ts";
import { errorLine, HewstonError, NotFoundError } from "../domain/errors.ts";
import { sha256File, sha256Hex } from "../domain/hash.ts";
import type { Catalog, DatasetRecord, Progress, RunCatalog, RunRecord } from "../domain/ports.ts";
import { parseRunConfig, type RunConfig } from "../engine/run_config.ts";
import { ENGINE_STAGES, EngineScratch, runBacktest } from "../engine/run_backtest.ts";
import { barsPerYear } from "../market/calendar/mod.ts";
import { readBarsParquet } from "../store/bars_parquet.ts";
import { loadBarsCached } from "../store/bars_cache.ts";
import type { SqliteTrials } from "../store/trials_sqlite.ts";
import { type DsrInputs, writeValidationArtifacts } from "./validation_artifacts.ts";
import { codeVersion } from "../store/code_version.ts";
import { type DataDir, relToRoot, removeIfExists, safeJoin } from "../store/data_dir.ts";
import { type ArtifactEntry, jsonArtifact, writeArtifact } from "../store/run_artifacts.ts";
import { writeEngineArtifacts } from "./engine_artifacts.ts";

/** What a run service needs. */
export interface RunContext {
  dir: DataDir;
  catalog: Catalog;
  runs: RunCatalog;
}

/** What executing a run needs besides a {@link RunContext}: the trials register (DSR). */
export interface ExecuteContext extends RunContext {
  trials: SqliteTrials;
}

/** Result of {@link prepareRun}. */
export interface PreparedRun {
  run: RunRecord;
  /** False when an identical run (same input hash or idempotency key) already existed. */
  created: boolean;
}

/** The dataset facts a run's (or sweep's) inputs include, from the dataset's manifest. */
export async function datasetFacts(dir: DataDir, d: DatasetRecord) {
  const manifest = JSON.parse(
    await Deno.readTextFile(safeJoin(dir.root, d.barsManifestPath)),
  ) as { output_hashes: { bars_parquet_sha256: string } };
  return {
    dataset_id: d.datasetId,
    symbol: d.symbol,
    from_date: d.fromDate,
    to_date: d.toDate,
    session: d.session,
    source_kind: d.sourceKind,
    calendar_version: d.calendarVersion,
    tz: d.tz,
    bars_parquet_sha256: manifest.output_hashes.bars_parquet_sha256,
  };
}

/**
 * Validates `request`, computes its input hash, and records a QUEUED run (or finds the
 * identical one). A run that ended in ERROR or CANCELLED is queued again.
 * @throws {ValidationError} bad request; {@link NotFoundError} unknown dataset or strategy
 */
export async function prepareRun(
  ctx: RunContext,
  request: unknown,
  opts: { idempotencyKey?: string; speed?: number } = {},
): Promise<PreparedRun> {
  const cfg = parseRunConfig(request);
  const dataset = ctx.catalog.getDataset(cfg.dataset_id);
  if (!dataset || dataset.status !== "READY") {
    throw new NotFoundError(
      "DATASET_NOT_FOUND",
      `dataset ${cfg.dataset_id} not found or not READY (build one with: hewston data --help)`,
    );
  }
  const code = await codeVersion();
  const facts = await datasetFacts(ctx.dir, dataset);
  const inputHash = sha256Hex(canonicalJson({ config: cfg, dataset: facts, code }));
  const runId = inputHash.slice(0, 16);
  const row: RunRecord = {
    runId,
    datasetId: cfg.dataset_id,
    strategyId: cfg.strategy.id,
    params: cfg.strategy.params,
    seed: cfg.seed,
    slippageFees: {
      fees_bps: cfg.execution.feesBps,
      slippage: cfg.execution.slippage,
      borrow_bps: cfg.execution.borrowBps,
    },
    speed: opts.speed ?? 60,
    codeHash: code.codeHash,
    createdAt: new Date().toISOString(),
    status: "QUEUED",
    durationMs: null,
    metricsPath: null,
    equityPath: null,
    ordersPath: null,
    fillsPath: null,
    tradesPath: null,
    runManifestPath: `backtests/${runId}/run-manifest.json`,
    inputHash,
    idempotencyKey: opts.idempotencyKey ?? null,
    config: cfg,
    manifestHash: null,
    chainPrev: null,
    error: null,
    finishedAt: null,
  };
  const res = ctx.runs.createRun(row);
  if (!res.created && (res.run.status === "ERROR" || res.run.status === "CANCELLED")) {
    ctx.runs.updateRun(res.run.runId, { status: "QUEUED", error: null, finishedAt: null });
    return { run: { ...res.run, status: "QUEUED", error: null }, created: true };
  }
  return res;
}

/** Summary of an executed run. */
export interface ExecutedRun {
  run: RunRecord;
  metrics: Record<string, unknown>;
  files: ArtifactEntry[];
  folder: string;
}

/**
 * Executes a QUEUED run: bars → engine → artifacts → DONE. On any failure the partial folder
 * is removed and the run is ERROR with a one-line reason.
 * @param onProgress stage events: load, features, signals, sizing, execution, metrics, artifacts
 */
export async function executeRun(
  ctx: ExecuteContext,
  runId: string,
  onProgress: (p: Progress) => void = () => {},
): Promise<ExecutedRun> {
  const run = ctx.runs.getRun(runId);
  if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${runId} not found`);
  const t0 = performance.now();
  const finalDir = safeJoin(ctx.dir.backtests, runId);
  const building = finalDir + ".building";
  ctx.runs.updateRun(runId, { status: "RUNNING" });
  const total = ENGINE_STAGES.length + 3;
  let scratch: EngineScratch | undefined;
  try {
    onProgress({ stage: "load", done: 0, total });
    const cfg = run.config as RunConfig;
    const dataset = ctx.catalog.getDataset(run.datasetId);
    if (!dataset) throw new NotFoundError("DATASET_NOT_FOUND", `dataset ${run.datasetId} is gone`);
    const facts = await datasetFacts(ctx.dir, dataset);
    const bars = await loadBarsCached(
      safeJoin(ctx.dir.root, dataset.barsParquet[0]),
      `${dataset.datasetId}:${dataset.manifestSha256}`,
    );
    const perYear = barsPerYear(dataset.session);
    scratch = reserveScratch(bars.length);
    const out = runBacktest(bars, cfg, perYear, (stage) => {
      onProgress({ stage, done: 1 + ENGINE_STAGES.indexOf(stage), total });
    }, scratch);
    onProgress({ stage: "validation", done: total - 2, total });
    // This run is one of the trials its Deflated Sharpe Ratio counts.
    ctx.trials.record([{
      datasetId: run.datasetId,
      strategyId: cfg.strategy.id,
      config: { params: cfg.strategy.params, risk: cfg.risk, execution: cfg.execution },
      source: "run",
      sourceId: runId,
      sharpe: out.metrics.sharpe,
    }]);
    const dsr = dsrInputs(ctx.trials, run.datasetId, cfg.strategy.id);
    await removeIfExists(building);
    await Deno.mkdir(building, { recursive: true });
    const files = await writeValidationArtifacts(building, bars, cfg, perYear, out, dsr);
    onProgress({ stage: "artifacts", done: total - 1, total });
    files.push(
      ...await writeEngineArtifacts(building, bars, out.sim, { run_id: runId, ...out.metrics }),
    );
    const metrics = { run_id: runId, ...out.metrics };
    const code = await codeVersion();
    const runManifest = {
      run_id: runId,
      input_hash: run.inputHash,
      config: cfg,
      dataset: facts,
      calendar_version: dataset.calendarVersion,
      tz: dataset.tz,
      bars_per_year: perYear,
      code,
      runtime: {
        deno: Deno.version.deno,
        v8: Deno.version.v8,
        typescript: Deno.version.typescript,
      },
      dependencies: denoJson.imports,
      seed: cfg.seed,
      skipped_orders: out.sim.skipped,
      dsr_inputs: dsr,
    };
    files.push(await writeArtifact(building, "run-manifest.json", jsonArtifact(runManifest)));
    files.sort((a, b) => a.name.localeCompare(b.name));
    const manifestHash = sha256Hex(
      canonicalJson({ run_id: runId, input_hash: run.inputHash, files }),
    );
    const chainPrev = ctx.runs.lastManifestHash();
    const manifest = {
      run_id: runId,
      input_hash: run.inputHash,
      files,
      manifest_hash: manifestHash,
      chain_prev: chainPrev,
    };
    await writeArtifact(building, "manifest.json", jsonArtifact(manifest));
    await removeIfExists(finalDir);
    await Deno.rename(building, finalDir);
    const rel = (name: string) => relToRoot(ctx.dir, join(finalDir, name));
    const finishedAt = new Date().toISOString();
    const patch: Partial<RunRecord> = {
      status: "DONE",
      durationMs: Math.round(performance.now() - t0),
      metricsPath: rel("metrics.json"),
      equityPath: rel("equity.parquet"),
      ordersPath: rel("orders.parquet"),
      fillsPath: rel("fills.parquet"),
      tradesPath: rel("trades.parquet"),
      manifestHash,
      chainPrev,
      error: null,
      finishedAt,
    };
    ctx.runs.updateRun(runId, patch);
    ctx.runs.putRunMetrics(
      runId,
      out.metrics as unknown as Record<string, number | null>,
      finishedAt,
    );
    onProgress({ stage: "done", done: total, total });
    return { run: { ...run, ...patch }, metrics, files, folder: finalDir };
  } catch (err) {
    await removeIfExists(building);
    ctx.runs.updateRun(runId, {
      status: "ERROR",
      error: errorLine(err),
      durationMs: Math.round(performance.now() - t0),
      finishedAt: new Date().toISOString(),
    });
    throw err;
  } finally {
    releaseScratch(scratch);
  }
}

/** Per-file outcome of {@link verifyRun}. */
export interface VerifyReport {
  runId: string;
  ok: boolean;
  /**
   * Per artifact: the manifest's sha256, the sha256 of the stored file (null if missing), of
   * the re-run's file, and whether all three agree.
   */
  files: {
    name: string;
    expected: string;
    stored: string | null;
    actual: string | null;
    match: boolean;
  }[];
}

/**
 * Re-runs a stored run from its run-manifest into a scratch folder and compares every
 * artifact's sha256 with the stored manifest.
 */
export async function verifyRun(ctx: RunContext, runId: string): Promise<VerifyReport> {
  const run = ctx.runs.getRun(runId);
  if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${runId} not found`);
  if (run.status !== "DONE") {
    throw new HewstonError("RUN_NOT_DONE", `run ${runId} is ${run.status}, not DONE`, {
      status: 409,
    });
  }
  const folder = safeJoin(ctx.dir.backtests, runId);
  const manifest = JSON.parse(await Deno.readTextFile(join(folder, "manifest.json"))) as {
    files: ArtifactEntry[];
  };
  const runManifest = JSON.parse(await Deno.readTextFile(join(folder, "run-manifest.json")));
  const dataset = ctx.catalog.getDataset(run.datasetId);
  if (!dataset) throw new NotFoundError("DATASET_NOT_FOUND", `dataset ${run.datasetId} is gone`);
  const bars = await readBarsParquet(safeJoin(ctx.dir.root, dataset.barsParquet[0]));
  const cfg = runManifest.config as RunConfig;
  const scratch = reserveScratch(bars.length);
  const dir = safeJoin(ctx.dir.tmp, `verify-${runId}`);
  await removeIfExists(dir);
  await Deno.mkdir(dir, { recursive: true });
  try {
    const out = runBacktest(bars, cfg, runManifest.bars_per_year, undefined, scratch);
    const fresh = await writeValidationArtifacts(
      dir,
      bars,
      cfg,
      runManifest.bars_per_year,
      out,
      runManifest.dsr_inputs,
    );
    fresh.push(
      ...await writeEngineArtifacts(dir, bars, out.sim, { run_id: runId, ...out.metrics }),
    );
    const facts = await datasetFacts(ctx.dir, dataset);
    const rm = { ...runManifest, dataset: facts, code: await codeVersion() };
    fresh.push(await writeArtifact(dir, "run-manifest.json", jsonArtifact(rm)));
    const byName = new Map(fresh.map((f) => [f.name, f.sha256]));
    const files = [];
    for (const f of manifest.files) {
      const actual = byName.get(f.name) ?? null;
      let stored: string | null = null;
      try {
        stored = (await sha256File(safeJoin(folder, f.name))).sha256;
      } catch { /* missing: reported as null */ }
      const match = actual === f.sha256 && stored === f.sha256;
      files.push({ name: f.name, expected: f.sha256, stored, actual, match });
    }
    return { runId, ok: files.every((f) => f.match), files };
  } finally {
    releaseScratch(scratch);
    await removeIfExists(dir);
  }
}

/** The DSR inputs for a run on `datasetId` with `strategyId`, from the trials register. */
function dsrInputs(trials: SqliteTrials, datasetId: string, strategyId: string): DsrInputs {
  const t = trials.stats(datasetId, strategyId);
  return {
    trials: Math.max(1, t.trials),
    sharpeVariance: t.sharpeVariance,
    source: `catalog: ${t.trials} distinct ${strategyId} configuration${
      t.trials === 1 ? "" : "s"
    } run on this dataset (runs and sweep members)`,
  };
}

/**
 * Engine buffers reused by every run of this thread (runs are sequential per worker), so a
 * run allocates no per-bar arrays. A run that finds them taken (runs interleaved in one
 * thread) or is very long gets fresh arrays instead.
 */
const RUN_SCRATCH = new EngineScratch();
const SCRATCH_MAX_BARS = 2_000_000;
let scratchTaken = false;

function reserveScratch(bars: number): EngineScratch | undefined {
  if (scratchTaken || bars > SCRATCH_MAX_BARS) return undefined;
  scratchTaken = true;
  return RUN_SCRATCH;
}

function releaseScratch(scratch: EngineScratch | undefined): void {
  if (scratch === RUN_SCRATCH) scratchTaken = false;
}
