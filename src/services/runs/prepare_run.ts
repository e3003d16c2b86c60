/**
 * @module
 * The first step of every run: validate the request into its canonical configuration, hash
 * it with the dataset's facts and the code version into the input hash (the run id is its
 * first 16 hex digits), and record a QUEUED run before any work — or find the identical run.
 */
import { canonicalJson } from "../../domain/canonical_json.ts";
import { NotFoundError } from "../../domain/errors.ts";
import { sha256Hex } from "../../domain/hash.ts";
import type { Catalog, RunCatalog, RunRecord } from "../../domain/ports.ts";
import { parseRunConfig } from "../../engine/run_config.ts";
import { codeVersionDoc } from "../../store/code_version.ts";
import type { DataDir } from "../../store/data_dir.ts";
import type { SqliteTrials } from "../../store/trials_sqlite.ts";
import { datasetFacts } from "../../store/dataset_files.ts";
import { DEFAULT_SPEED } from "./run_request.ts";

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
  const code = await codeVersionDoc();
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
      fees_bps: cfg.execution.fees_bps,
      slippage: cfg.execution.slippage,
      borrow_bps: cfg.execution.borrow_bps,
    },
    speed: opts.speed ?? DEFAULT_SPEED,
    codeHash: code.code_hash,
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
