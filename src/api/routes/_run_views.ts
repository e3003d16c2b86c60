/**
 * @module
 * The run lookups the routes share: a run or 404, and a DONE run's manifest. The views
 * themselves are `services/views/runs.ts`, shared with the CLI.
 */
import { NotFoundError } from "../../domain/errors.ts";
import type { RunManifest } from "../../domain/manifests.ts";
import type { RunRecord } from "../../domain/ports.ts";
import { readRunManifest } from "../../services/views/runs.ts";
import type { AppDeps } from "../deps.ts";

export type { RunManifest };

/**
 * The run `runId`.
 * @throws {NotFoundError} RUN_NOT_FOUND
 */
export function getRunOr404(deps: AppDeps, runId: string): RunRecord {
  const run = deps.runs.getRun(runId);
  if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${runId} not found`);
  return run;
}

/**
 * The manifest of a DONE run, or null when its folder is gone.
 * @throws {HewstonError} RUN_NOT_DONE (409) for a run that has no artifacts yet
 */
export function readManifest(deps: AppDeps, runId: string): Promise<RunManifest | null> {
  return readRunManifest(deps.dir, getRunOr404(deps, runId));
}
