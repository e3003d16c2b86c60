/**
 * @module
 * Executes a QUEUED run (in a worker, or in the CLI's own thread): loads the bars, runs the
 * pure engine, writes the artifacts into `backtests/<run_id>.building/`, renames the folder
 * into place and marks the run DONE — or removes the folder and marks it ERROR. A run is
 * never half there.
 */
import { join } from "node:path";
import denoJson from "../../../deno.json" with { type: "json" };
import { errorLine, HewstonError, NotFoundError } from "../../domain/errors.ts";
import type { Progress, RunRecord } from "../../domain/ports.ts";
import type { RunConfig } from "../../engine/run_config.ts";
import { ENGINE_STAGES, EngineScratch, runBacktest } from "../../engine/run_backtest.ts";
import { barsPerYear } from "../../market/calendar/mod.ts";
import {
  MANIFEST_SCHEMA_VERSION,
  type RunInputsManifest,
  runInputsManifest,
} from "../../domain/manifests.ts";
import { withStagedFolder } from "../../store/artifact_folder.ts";
import { codeVersionDoc } from "../../store/code_version.ts";
import { relToRoot, removeIfExists, safeJoin } from "../../store/data_dir.ts";
import { datasetFacts, loadDatasetBars } from "../../store/dataset_files.ts";
import type { ArtifactEntry } from "../../store/run_artifacts.ts";
import type { SqliteTrials } from "../../store/trials_sqlite.ts";
import type { ExecuteContext } from "./prepare_run.ts";
import { type DsrInputs, writeEngineArtifacts, writeValidationArtifacts } from "./artifacts.ts";

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
    let start = performance.now();
    const bars = await loadDatasetBars(ctx.dir, dataset);
    performance.measure("hewston:load", { start });
    const perYear = barsPerYear(dataset.session);
    scratch = reserveScratch(bars.length);
    start = performance.now();
    const out = runBacktest(bars, cfg, perYear, (stage) => {
      onProgress({ stage, done: 1 + ENGINE_STAGES.indexOf(stage), total });
    }, scratch);
    performance.measure("hewston:engine", { start });
    start = performance.now();
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
    const metrics = { run_id: runId, ...out.metrics };
    let chainPrev: string | null = null;
    const { files, manifestHash } = await withStagedFolder(finalDir, async (w) => {
      await writeValidationArtifacts(w, bars, cfg, perYear, out, dsr);
      onProgress({ stage: "artifacts", done: total - 1, total });
      await writeEngineArtifacts(w, bars, out.sim, metrics);
      const runManifest: RunInputsManifest = {
        schema_version: MANIFEST_SCHEMA_VERSION,
        run_id: runId,
        input_hash: run.inputHash,
        config: cfg as unknown as Record<string, unknown>,
        dataset: facts,
        calendar_version: dataset.calendarVersion,
        tz: dataset.tz,
        bars_per_year: perYear,
        code: await codeVersionDoc(),
        runtime: {
          deno: Deno.version.deno,
          v8: Deno.version.v8,
          typescript: Deno.version.typescript,
        },
        dependencies: denoJson.imports,
        seed: cfg.seed,
        skipped_orders: out.sim.skipped,
        dsr_inputs: dsrDoc(dsr),
      };
      await w.json("run-manifest.json", runInputsManifest.parse(runManifest));
    }, {
      // A link planted as backtests/ itself would carry every write out of the data dir.
      root: ctx.dir.root,
      manifest: {
        header: { run_id: runId, input_hash: run.inputHash },
        trailer: () => ({ chain_prev: chainPrev = ctx.runs.lastManifestHash() }),
      },
      beforePublish: () => {
        performance.measure("hewston:artifacts", { start });
        // Cancelled or deleted while it ran: nothing is published (the folder is removed).
        const now = ctx.runs.getRun(runId);
        if (now?.status !== "RUNNING") {
          throw new HewstonError(
            "CANCELLED",
            `run ${runId} was ${now ? now.status : "deleted"}`,
            { status: 409 },
          );
        }
      },
    });
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
    // A cancelled or deleted run keeps what cancel/delete recorded (the cancel may even be
    // what made this run fail: its partial folder was removed under it).
    if (err instanceof HewstonError && err.code === "CANCELLED") throw err;
    if (ctx.runs.getRun(runId)?.status !== "RUNNING") throw err;
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

/** The DSR inputs as the run-manifest records them. */
export function dsrDoc(d: DsrInputs): RunInputsManifest["dsr_inputs"] {
  return { trials: d.trials, sharpe_variance: d.sharpeVariance, source: d.source };
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

export function reserveScratch(bars: number): EngineScratch | undefined {
  if (scratchTaken || bars > SCRATCH_MAX_BARS) return undefined;
  scratchTaken = true;
  return RUN_SCRATCH;
}

export function releaseScratch(scratch: EngineScratch | undefined): void {
  if (scratch === RUN_SCRATCH) scratchTaken = false;
}
