/**
 * @module
 * Executes a planned sweep: its members in chunks on a {@link TaskRunner} (every chunk
 * exactly once, or the sweep fails), then the staged artifact folder — `sweep.parquet` (the
 * table), `heatmap.json`, `pbo.json`, `sweep-manifest.json` (inputs) and `manifest.json` —
 * then the members as trials of the Deflated Sharpe Ratio, and the DSR of the best member.
 * CPU work runs only on the runner; this module merges results and writes files.
 */
import { canonicalJson } from "../../domain/canonical_json.ts";
import { HewstonError, ValidationError } from "../../domain/errors.ts";
import { MANIFEST_SCHEMA_VERSION, sweepInputsManifest } from "../../domain/manifests.ts";
import type { SweepDsr } from "../../domain/sweep_record.ts";
import type { Metrics } from "../../engine/metrics/mod.ts";
import { sweepArtifact, type SweepRow } from "../../engine/sweep/mod.ts";
import { stackBlockStats } from "../../engine/validation/cscv_blocks.ts";
import { pboSummary, probabilityOfBacktestOverfitting } from "../../engine/validation/pbo.ts";
import { summariseSharpe } from "../../engine/validation/sharpe_summary.ts";
import { withStagedFolder } from "../../store/artifact_folder.ts";
import { type DataDir, safeJoin } from "../../store/data_dir.ts";
import { type ParquetColumn, writeParquet } from "../../store/parquet_writer.ts";
import type { ArtifactEntry } from "../../store/run_artifacts.ts";
import type { SqliteTrials } from "../../store/trials_sqlite.ts";
import type { SweepChunkTask, TaskRunner } from "../tasks.ts";
import type { SweepPlan } from "./plan_sweep.ts";

/** What executing a sweep needs. */
export interface ExecuteSweepContext {
  dir: DataDir;
  runner: TaskRunner;
  trials: SqliteTrials;
}

/** Progress of a running sweep: members and chunks done. */
export interface SweepProgress {
  done: number;
  total: number;
  chunksDone: number;
  chunks: number;
}

/** What a finished sweep produced. */
export interface SweepOutcome {
  pbo: number | null;
  bestMember: number | null;
  bestParams: Record<string, unknown> | null;
  bestSharpe: number | null;
  dsr: SweepDsr | null;
  files: ArtifactEntry[];
  manifestHash: string;
  /** The columns of `sweep.parquet` (member, parameters, metrics). */
  table: Record<string, (number | boolean | string | null)[]>;
}

/**
 * How a sweep of `members` is cut for a runner of `parallelism`: chunks of about four per
 * worker keep every core busy and give progress steps.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(chunkPlan(174, 2), { size: 22, chunks: 8 });
 * ```
 */
export function chunkPlan(members: number, parallelism: number): { size: number; chunks: number } {
  const size = Math.max(1, Math.ceil(members / (parallelism * 4)));
  return { size, chunks: Math.ceil(members / size) };
}

/** Folder of sweep `sweepId`'s artifacts. */
export function sweepFolder(dir: DataDir, sweepId: string): string {
  return safeJoin(dir.root, "sweeps", sweepId);
}

/**
 * Runs the plan's members on the runner (every chunk owned by the sweep id, so the runner
 * shares its workers fairly with other jobs) and writes the sweep's artifacts.
 * @throws {HewstonError} CANCELLED when `signal` aborts; SWEEP_INCOMPLETE when a chunk's
 *   members do not all come back exactly once; any chunk's error
 */
export async function executeSweep(
  ctx: ExecuteSweepContext,
  plan: SweepPlan,
  onProgress: (p: SweepProgress) => void,
  signal?: AbortSignal,
): Promise<SweepOutcome> {
  const rows = await runChunks(ctx, plan, onProgress, signal);
  const dataset = plan.dataset;
  const artifact = sweepArtifact(rows, plan.grid, { metric: plan.metric as keyof Metrics });
  const pbo = rows.length >= 2
    ? probabilityOfBacktestOverfitting(
      stackBlockStats(dataset.barCount, plan.blocks, rows.map((r) => r.blocks!)),
      { seed: plan.base.seed, periodsPerYear: plan.barsPerYear },
    )
    : null;
  let best: SweepRow | null = null;
  for (const r of rows) {
    const s = r.metrics.sharpe;
    if (s !== null && (best === null || best.metrics.sharpe === null || s > best.metrics.sharpe)) {
      best = r;
    }
  }
  const staged = await withStagedFolder(
    sweepFolder(ctx.dir, plan.sweepId),
    async (w) => {
      await w.bytes(
        "sweep.parquet",
        await tableParquet(artifact.table.columns, {
          sweep_id: plan.sweepId,
          symbol: dataset.symbol,
          dataset_id: dataset.datasetId,
          from: dataset.fromDate,
          to: dataset.toDate,
          strategy: plan.base.strategy.id,
          grid: canonicalJson(plan.grid),
          metric: plan.metric,
          blocks: String(plan.blocks),
          seed: String(plan.base.seed),
          code_version: plan.code.version,
          code_hash: plan.code.codeHash,
        }),
      );
      await w.json("heatmap.json", artifact.heatmap);
      await w.json(
        "pbo.json",
        pbo ? { ...pboSummary(pbo), logits: Array.from(pbo.logits) } : null,
      );
      await w.json(
        "sweep-manifest.json",
        sweepInputsManifest.parse({
          schema_version: MANIFEST_SCHEMA_VERSION,
          sweep_id: plan.sweepId,
          ...plan.inputs,
          members: plan.members.length,
          skipped: plan.skipped,
          bars_per_year: plan.barsPerYear,
          runtime: { deno: Deno.version.deno },
        }),
      );
    },
    {
      root: ctx.dir.root,
      manifest: { header: { sweep_id: plan.sweepId } },
      // A cancel that came while the files were written: the folder is never published.
      beforePublish: () => {
        if (signal?.aborted) {
          throw new HewstonError("CANCELLED", "sweep cancelled", { status: 409 });
        }
      },
    },
  );
  ctx.trials.record(rows.map((r) => ({
    datasetId: dataset.datasetId,
    strategyId: plan.base.strategy.id,
    config: { params: r.params, risk: plan.base.risk, execution: plan.base.execution },
    source: "sweep" as const,
    sourceId: plan.sweepId,
    sharpe: r.metrics.sharpe,
  })));
  return {
    pbo: pbo?.pbo ?? null,
    bestMember: best?.member ?? null,
    bestParams: best ? { ...best.params } : null,
    bestSharpe: best?.metrics.sharpe ?? null,
    dsr: best ? bestMemberDsr(ctx.trials, plan, best) : null,
    files: staged.files,
    manifestHash: staged.manifestHash!,
    table: artifact.table.columns,
  };
}

async function runChunks(
  ctx: ExecuteSweepContext,
  plan: SweepPlan,
  onProgress: (p: SweepProgress) => void,
  signal?: AbortSignal,
): Promise<SweepRow[]> {
  const { members, dataset } = plan;
  const { size, chunks } = chunkPlan(members.length, ctx.runner.parallelism);
  let done = 0;
  let chunksDone = 0;
  // One failed or cancelled chunk stops the others: no partial sweep keeps running.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (signal?.aborted) stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const tasks: Promise<SweepRow[]>[] = [];
  for (let from = 0; from < members.length; from += size) {
    const task: SweepChunkTask = {
      kind: "sweep_chunk",
      barsPath: safeJoin(ctx.dir.root, dataset.barsParquet[0]),
      barsKey: `${dataset.datasetId}:${dataset.manifestSha256}`,
      datasetId: dataset.datasetId,
      barsSha256: plan.barsSha256,
      codeHash: plan.code.codeHash,
      baseConfig: plan.base,
      members,
      from,
      to: Math.min(members.length, from + size),
      barsPerYear: plan.barsPerYear,
      blocks: plan.blocks,
    };
    tasks.push(
      ctx.runner.run(task, { signal: stop.signal, owner: plan.sweepId }).then((rows) => {
        done += rows.length;
        chunksDone++;
        onProgress({ done, total: members.length, chunksDone, chunks });
        return rows;
      }, (err) => {
        stop.abort();
        throw err;
      }),
    );
  }
  let rows: SweepRow[];
  try {
    rows = (await Promise.all(tasks)).flat().sort((a, b) => a.member - b.member);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // The first rejection wins; the others (CANCELLED by the stop) are expected.
    await Promise.allSettled(tasks);
  }
  // Every member exactly once: a lost or duplicated chunk fails, never a partial artifact.
  if (rows.length !== members.length || rows.some((r, i) => r.member !== i)) {
    throw new HewstonError(
      "SWEEP_INCOMPLETE",
      `sweep: ${rows.length} of ${members.length} members came back`,
      { status: 500 },
    );
  }
  return rows;
}

/**
 * The Deflated Sharpe Ratio of the best member against every configuration tried on the
 * dataset with the strategy (the trials register, this sweep included). The member's mean and
 * standard deviation come exactly from its CSCV block sums; its skew and kurtosis are not
 * kept by a sweep, so normal returns are assumed (the member's full run reports the exact DSR).
 */
function bestMemberDsr(trials: SqliteTrials, plan: SweepPlan, best: SweepRow): SweepDsr | null {
  if (!best.blocks) return null;
  const n = plan.dataset.barCount;
  let s = 0;
  let q = 0;
  for (let b = 0; b < best.blocks.sum.length; b++) {
    s += best.blocks.sum[b];
    q += best.blocks.sumSq[b];
  }
  const mean = s / n;
  const std = n > 1 ? Math.sqrt(Math.max(0, (q - n * mean * mean) / (n - 1))) : NaN;
  const t = trials.stats(plan.dataset.datasetId, plan.base.strategy.id);
  const summary = summariseSharpe(
    { count: n, mean, std, skew: 0, kurtosis: 3 },
    plan.barsPerYear,
    { trials: Math.max(1, t.trials), sharpeVariance: t.sharpeVariance },
  );
  return {
    sharpe: best.metrics.sharpe,
    trials: summary.dsr.trials,
    sharpe_variance: summary.dsr.sharpe_variance,
    expected_max_sharpe: summary.dsr.expected_max_sharpe,
    probability: summary.dsr.probability,
    note:
      "normal returns assumed (skew 0, kurtosis 3); the member's full run reports the exact DSR",
  };
}

/**
 * The sweep table as Parquet, typed so readers need no guessing: `member` and whole-number
 * parameters int64, true/false parameters boolean, other numbers float64 (a metric's null →
 * NaN), anything else text; the sweep's inputs as key-value metadata in the footer.
 */
function tableParquet(
  columns: Record<string, (number | boolean | string | null)[]>,
  metadata: Record<string, string>,
): Promise<Uint8Array> {
  const cols: [string, ParquetColumn][] = Object.entries(columns).map(([name, values]) => {
    const whole = name === "member" || name.startsWith("param_");
    if (whole && values.every((v) => Number.isSafeInteger(v))) {
      return [name, { kind: "i64", values: BigInt64Array.from(values, (v) => BigInt(v!)) }];
    }
    if (values.every((v) => typeof v === "boolean")) {
      return [name, { kind: "bool", values: values as boolean[] }];
    }
    if (values.every((v) => v === null || typeof v === "number")) {
      return [name, {
        kind: "f64",
        values: Float64Array.from(values, (v) => (v === null ? NaN : v as number)),
      }];
    }
    return [name, { kind: "utf8", values: values.map((v) => (v === null ? "" : String(v))) }];
  });
  if (cols.length === 0) throw new ValidationError("sweep: empty table");
  return writeParquet(cols, { metadata });
}
