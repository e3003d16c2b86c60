/**
 * @module
 * Runs as their wire documents (`domain/wire/runs.ts`): a summary as listed, a run's detail,
 * its artifact manifest, `verify`'s report. The one conversion from the catalog's camelCase
 * records, used by the API's routes and the CLI's `--json` alike.
 */
import type { z } from "zod";
import { HewstonError } from "../../domain/errors.ts";
import { type RunManifest, runManifest } from "../../domain/manifests.ts";
import type { Catalog, RunCatalog, RunRecord } from "../../domain/ports.ts";
import type {
  artifactManifest,
  RunDetail,
  RunSummary,
  verifyReport,
} from "../../domain/wire/runs.ts";
import { readManifestFile } from "../../store/artifact_folder.ts";
import { type DataDir, safeJoin } from "../../store/data_dir.ts";
import type { ArtifactEntry } from "../../store/run_artifacts.ts";
import type { VerifyResult } from "../runs/verify_run.ts";

/** The manifest.json facts a run's views show. */
export type RunManifestFacts = Pick<
  RunManifest,
  "schema_version" | "run_id" | "input_hash" | "files" | "manifest_hash" | "chain_prev"
>;

/**
 * The manifest of a DONE run, parsed with its schema; null when its folder is gone.
 * @throws {HewstonError} RUN_NOT_DONE (409) for a run that has no artifacts yet;
 *   MANIFEST_INVALID for a manifest that does not parse
 */
export async function readRunManifest(dir: DataDir, run: RunRecord): Promise<RunManifest | null> {
  if (run.status !== "DONE") {
    throw new HewstonError(
      "RUN_NOT_DONE",
      `run ${run.runId} is ${run.status}; artifacts exist once it is DONE`,
      { status: 409 },
    );
  }
  return await readManifestFile(runManifest, safeJoin(dir.backtests, run.runId, "manifest.json"));
}

/** A run with its configuration, manifest facts and artifact URLs, read from the stores. */
export async function runDetailOf(
  s: { dir: DataDir; catalog: Catalog; runs: RunCatalog },
  run: RunRecord,
  prefix: string,
): Promise<RunDetail> {
  const symbol = s.catalog.getDataset(run.datasetId)?.symbol ?? "";
  const manifest = run.status === "DONE" ? await readRunManifest(s.dir, run) : null;
  return runDetailView(run, symbol, s.runs.getRunMetrics(run.runId), manifest, prefix);
}

/** A run as listed. */
export function runSummaryView(
  run: RunRecord,
  symbol: string,
  metrics: Record<string, number | null> | null,
  prefix: string,
): RunSummary {
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
    metrics: metrics as RunSummary["metrics"],
    error: run.error,
    url: `${prefix}/${run.runId}`,
  };
}

/**
 * A run with its configuration, manifest facts and artifact URLs.
 * @param manifest the run's manifest.json (null until DONE, or when its folder is gone)
 */
export function runDetailView(
  run: RunRecord,
  symbol: string,
  metrics: Record<string, number | null> | null,
  manifest: RunManifestFacts | null,
  prefix: string,
): RunDetail {
  const base = `${prefix}/${run.runId}`;
  return {
    ...runSummaryView(run, symbol, metrics, prefix),
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

/** A run's manifest with a URL per file. */
export function manifestView(
  m: RunManifestFacts,
  prefix: string,
): z.output<typeof artifactManifest> {
  const base = `${prefix}/${m.run_id}`;
  return {
    schema_version: m.schema_version,
    run_id: m.run_id,
    input_hash: m.input_hash,
    files: m.files.map((f) => fileView(f, base)),
    manifest_hash: m.manifest_hash,
    chain_prev: m.chain_prev,
    url: `${base}/artifacts/manifest.json`,
  };
}

/** `verify`'s report on the wire. */
export function verifyView(r: VerifyResult): z.output<typeof verifyReport> {
  return { run_id: r.runId, ok: r.ok, files: r.files };
}

function fileView(f: ArtifactEntry, base: string) {
  return { name: f.name, size: f.size, sha256: f.sha256, url: `${base}/artifacts/${f.name}` };
}
