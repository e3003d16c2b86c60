/**
 * @module
 * `verify`: re-runs a stored run from its run-manifest into a scratch folder and compares
 * every artifact's sha256 with the stored manifest and the stored file.
 */
import { join } from "node:path";
import { HewstonError, NotFoundError } from "../../domain/errors.ts";
import { runInputsManifest, runManifest } from "../../domain/manifests.ts";
import { sha256File } from "../../domain/hash.ts";
import type { RunConfig } from "../../engine/run_config.ts";
import { runBacktest } from "../../engine/run_backtest.ts";
import { readBarsParquet } from "../../store/bars_parquet.ts";
import { readManifestFile, withStagedFolder } from "../../store/artifact_folder.ts";
import { codeVersionDoc } from "../../store/code_version.ts";
import { removeIfExists, safeJoin } from "../../store/data_dir.ts";
import { datasetFacts } from "../../store/dataset_files.ts";
import { releaseScratch, reserveScratch } from "./execute_run.ts";
import type { RunContext } from "./prepare_run.ts";
import { writeEngineArtifacts, writeValidationArtifacts } from "./artifacts.ts";

/** Per-file outcome of {@link verifyRun}. */
export interface VerifyResult {
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
export async function verifyRun(ctx: RunContext, runId: string): Promise<VerifyResult> {
  const run = ctx.runs.getRun(runId);
  if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${runId} not found`);
  if (run.status !== "DONE") {
    throw new HewstonError("RUN_NOT_DONE", `run ${runId} is ${run.status}, not DONE`, {
      status: 409,
    });
  }
  const folder = safeJoin(ctx.dir.backtests, runId);
  const manifest = await readManifestFile(runManifest, join(folder, "manifest.json"));
  const inputs = await readManifestFile(runInputsManifest, join(folder, "run-manifest.json"));
  if (!manifest || !inputs) {
    throw new NotFoundError("ARTIFACTS_NOT_FOUND", `run ${runId} has no manifest any more`);
  }
  const dataset = ctx.catalog.getDataset(run.datasetId);
  if (!dataset) throw new NotFoundError("DATASET_NOT_FOUND", `dataset ${run.datasetId} is gone`);
  const bars = await readBarsParquet(safeJoin(ctx.dir.root, dataset.barsParquet[0]));
  const cfg = inputs.config as unknown as RunConfig;
  const dsr = inputs.dsr_inputs;
  const scratch = reserveScratch(bars.length);
  const dir = safeJoin(ctx.dir.tmp, `verify-${runId}`);
  try {
    const out = runBacktest(bars, cfg, inputs.bars_per_year, undefined, scratch);
    const facts = await datasetFacts(ctx.dir, dataset);
    const { files: fresh } = await withStagedFolder(dir, async (w) => {
      await writeValidationArtifacts(w, bars, cfg, inputs.bars_per_year, out, {
        trials: dsr.trials,
        sharpeVariance: dsr.sharpe_variance,
        source: dsr.source,
      });
      await writeEngineArtifacts(w, bars, out.sim, { run_id: runId, ...out.metrics });
      // The stored inputs with today's dataset facts and code: a changed one shows as a mismatch.
      await w.json("run-manifest.json", {
        ...inputs,
        dataset: facts,
        code: await codeVersionDoc(),
      });
    });
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
