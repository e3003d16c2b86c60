/**
 * @module
 * `verify`: re-runs a stored run from its run-manifest into a scratch folder and compares
 * every artifact's sha256 with the stored manifest and the stored file.
 */
import { join } from "node:path";
import { HewstonError, NotFoundError } from "../../domain/errors.ts";
import { sha256File } from "../../domain/hash.ts";
import type { RunConfig } from "../../engine/run_config.ts";
import { runBacktest } from "../../engine/run_backtest.ts";
import { readBarsParquet } from "../../store/bars_parquet.ts";
import { codeVersion } from "../../store/code_version.ts";
import { removeIfExists, safeJoin } from "../../store/data_dir.ts";
import { type ArtifactEntry, jsonArtifact, writeArtifact } from "../../store/run_artifacts.ts";
import { datasetFacts } from "../datasets/dataset_facts.ts";
import { writeEngineArtifacts } from "./engine_artifacts.ts";
import { releaseScratch, reserveScratch } from "./execute_run.ts";
import type { RunContext } from "./prepare_run.ts";
import { writeValidationArtifacts } from "./validation_artifacts.ts";

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
