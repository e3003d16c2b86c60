/**
 * @module
 * How runs look on the wire: catalog rows turned into the `RunSummary` / `RunDetail` /
 * `ArtifactManifest` shapes of `../schemas.ts`, plus reading a run's manifest.json.
 */
import type { z } from "zod";
import { HewstonError, NotFoundError } from "../../domain/errors.ts";
import type { RunRecord } from "../../domain/ports.ts";
import { safeJoin } from "../../store/data_dir.ts";
import type { ArtifactEntry } from "../../store/run_artifacts.ts";
import type { AppDeps } from "../deps.ts";
import type { artifactManifest, runDetail, runSummary } from "../schemas.ts";

/** manifest.json of a DONE run, as written by `executeRun`. */
export interface RunManifest {
  run_id: string;
  input_hash: string;
  files: ArtifactEntry[];
  manifest_hash: string;
  chain_prev: string | null;
}

/**
 * The run `runId`.
 * @throws {NotFoundError} RUN_NOT_FOUND
 */
export function getRunOr404(deps: AppDeps, runId: string): RunRecord {
  const run = deps.runs.getRun(runId);
  if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${runId} not found`);
  return run;
}

/** A run as listed. */
export function runSummaryView(
  deps: AppDeps,
  run: RunRecord & { metrics?: Record<string, number | null> | null },
  symbol: string,
  prefix: string,
): z.output<typeof runSummary> {
  return {
    run_id: run.runId,
    status: run.status,
    dataset_id: run.datasetId,
    symbol,
    strategy_id: run.strategyId,
    params: run.params,
    seed: run.seed,
    created_at: run.createdAt,
    finished_at: run.finishedAt,
    duration_ms: run.durationMs,
    metrics: ("metrics" in run ? run.metrics : deps.runs.getRunMetrics(run.runId)) as z.output<
      typeof runSummary
    >["metrics"],
    error: run.error,
    url: `${prefix}/${run.runId}`,
  };
}

/** A run with its configuration, manifest facts and artifact URLs. */
export async function runDetailView(
  deps: AppDeps,
  run: RunRecord,
  prefix: string,
): Promise<z.output<typeof runDetail>> {
  const symbol = deps.catalog.getDataset(run.datasetId)?.symbol ?? "";
  const manifest = run.status === "DONE" ? await readManifest(deps, run.runId) : null;
  const base = `${prefix}/${run.runId}`;
  return {
    ...runSummaryView(deps, run, symbol, prefix),
    run_hash: run.runId,
    input_hash: run.inputHash,
    code_hash: run.codeHash,
    speed: run.speed,
    slippage_fees: run.slippageFees,
    config: run.config,
    manifest: {
      url: `${base}/artifacts`,
      manifest_hash: run.manifestHash,
      chain_prev: run.chainPrev,
    },
    artifacts: (manifest?.files ?? []).map((f) => fileView(f, base)),
    events_url: `${base}/events`,
  };
}

/** GET /backtests/{id}/artifacts: the manifest with a URL per file. */
export function manifestView(
  m: RunManifest,
  prefix: string,
): z.output<typeof artifactManifest> {
  const base = `${prefix}/${m.run_id}`;
  return {
    run_id: m.run_id,
    input_hash: m.input_hash,
    files: m.files.map((f) => fileView(f, base)),
    manifest_hash: m.manifest_hash,
    chain_prev: m.chain_prev,
    url: `${base}/artifacts/manifest.json`,
  };
}

/**
 * The manifest of a DONE run, or null when its folder is gone.
 * @throws {HewstonError} RUN_NOT_DONE (409) for a run that has no artifacts yet
 */
export async function readManifest(deps: AppDeps, runId: string): Promise<RunManifest | null> {
  const run = getRunOr404(deps, runId);
  if (run.status !== "DONE") {
    throw new HewstonError(
      "RUN_NOT_DONE",
      `run ${runId} is ${run.status}; artifacts exist once it is DONE`,
      { status: 409 },
    );
  }
  try {
    const text = await Deno.readTextFile(safeJoin(deps.dir.backtests, runId, "manifest.json"));
    return JSON.parse(text) as RunManifest;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

function fileView(f: ArtifactEntry, base: string) {
  return { name: f.name, size: f.size, sha256: f.sha256, url: `${base}/artifacts/${f.name}` };
}
