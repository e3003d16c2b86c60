/**
 * @module
 * A finished sweep as its wire document (`domain/wire/sweeps.ts`).
 */
import type { z } from "zod";
import type { sweepResult } from "../../domain/wire/sweeps.ts";
import type { SweepResult } from "../sweeps.ts";

/** A sweep's outcome on the wire (`hewston sweep --json`). */
export function sweepView(r: SweepResult): z.output<typeof sweepResult> {
  return {
    sweep_id: r.sweepId,
    existed: r.existed,
    members: r.members,
    skipped: r.skipped,
    pbo: r.pbo,
    best: r.best,
    folder: r.folder,
    files: r.files.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 })),
    elapsed_ms: r.elapsedMs,
  };
}
