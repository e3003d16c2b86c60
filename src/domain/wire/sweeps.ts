/**
 * @module
 * The wire document of a finished sweep (`hewston sweep --json`). Every key is snake_case.
 */
import { z } from "zod";
import { count } from "./primitives.ts";

/** A finished sweep: its id, members, best member, PBO and artifact folder. */
export const sweepResult = z.strictObject({
  sweep_id: z.string(),
  existed: z.boolean().describe("true when the identical sweep was already in the catalog"),
  members: count,
  skipped: count.describe("grid combinations the strategy refused"),
  pbo: z.number().nullable().describe("Probability of Backtest Overfitting (CSCV)"),
  best: z.strictObject({
    params: z.record(z.string(), z.unknown()),
    sharpe: z.number().nullable(),
  }).nullable(),
  folder: z.string(),
  files: z.array(z.strictObject({ name: z.string(), size: count, sha256: z.string() })),
  elapsed_ms: z.number().min(0),
});
