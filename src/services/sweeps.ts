/**
 * @module
 * Parameter sweeps, end to end: expand a grid, run every member on all cores through the
 * worker pool (each worker loads the bars once and shares one feature cache across its
 * members), then write one sweep artifact — the table of params → metrics, a heatmap-ready
 * matrix, and the Probability of Backtest Overfitting by CSCV — and record every member as
 * a trial for the Deflated Sharpe Ratio of later runs.
 *
 * Artifacts in `sweeps/<sweep_id>/`: `sweep.parquet`, `heatmap.json`, `pbo.json`,
 * `sweep-manifest.json` (inputs), `manifest.json` (sha256 per file). The sweep id derives
 * from the inputs, so the same sweep is found, not recomputed.
 */
import { join } from "node:path";
import { canonicalJson } from "../domain/canonical_json.ts";
import { errorLine, HewstonError, NotFoundError, ValidationError } from "../domain/errors.ts";
import { sha256Hex } from "../domain/hash.ts";
import {
  MANIFEST_SCHEMA_VERSION,
  parseManifest,
  sweepInputsManifest,
  sweepManifest,
} from "../domain/manifests.ts";
import type { Progress } from "../domain/ports.ts";
import { parseRunConfig } from "../engine/run_config.ts";
import { expandGrid, parseGrid, sweepArtifact, type SweepRow } from "../engine/sweep/mod.ts";
import type { Metrics } from "../engine/metrics/mod.ts";
import { stackBlockStats } from "../engine/validation/cscv_blocks.ts";
import { pboSummary, probabilityOfBacktestOverfitting } from "../engine/validation/pbo.ts";
import { barsPerYear } from "../market/calendar/mod.ts";
import type { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { codeVersion } from "../store/code_version.ts";
import { type DataDir, removeIfExists, safeJoin } from "../store/data_dir.ts";
import type { ParquetColumn } from "../store/parquet.ts";
import { writeParquet } from "../store/parquet.ts";
import { type ArtifactEntry, jsonArtifact, writeArtifact } from "../store/run_artifacts.ts";
import { SqliteTrials } from "../store/trials_sqlite.ts";
import { datasetFacts } from "./datasets/dataset_facts.ts";
import type { SweepChunkTask, TaskRunner } from "./tasks.ts";

/** A sweep request: a run request plus grid axes. */
export interface SweepRequest {
  /** The base run request (dataset_id, strategy_id, params, risk, execution, seed, …). */
  run: Record<string, unknown>;
  /** Grid specs, e.g. `["fast=5:50:5", "slow=20:200:10"]`. */
  grid: string[];
  /** Heatmap metric (default sharpe). */
  metric?: keyof Metrics;
  /** CSCV blocks for PBO (default 16). */
  blocks?: number;
}

/** A finished sweep. */
export interface SweepResult {
  sweepId: string;
  existed: boolean;
  members: number;
  skipped: number;
  pbo: number | null;
  best: { params: Record<string, unknown>; sharpe: number | null } | null;
  folder: string;
  files: ArtifactEntry[];
  elapsedMs: number;
}

/** Runs a sweep on `pool`; see the module doc. */
export async function runSweep(
  ctx: { dir: DataDir; catalog: SqliteCatalog; pool: TaskRunner },
  req: SweepRequest,
  onProgress: (p: Progress) => void = () => {},
  signal?: AbortSignal,
): Promise<SweepResult> {
  const t0 = performance.now();
  const base = parseRunConfig(req.run);
  const dataset = ctx.catalog.getDataset(base.dataset_id);
  if (!dataset || dataset.status !== "READY") {
    throw new NotFoundError(
      "DATASET_NOT_FOUND",
      `dataset ${base.dataset_id} not found or not READY`,
    );
  }
  const grid = parseGrid(req.grid);
  const expansion = expandGrid(grid, base.strategy.params, base.strategy.id);
  const members = expansion.members as Record<string, unknown>[];
  const blocks = req.blocks ?? 16;
  const metric = req.metric ?? "sharpe";
  const perYear = barsPerYear(dataset.session);
  const facts = await datasetFacts(ctx.dir, dataset);
  const code = await codeVersion();
  const inputs = {
    base,
    grid,
    metric,
    blocks,
    dataset: {
      id: dataset.datasetId,
      bars_parquet_sha256: facts.bars_parquet_sha256,
    },
    code: { version: code.version, code_hash: code.codeHash },
  };
  const sweepId = "sw-" + sha256Hex(canonicalJson(inputs)).slice(0, 16);
  const folder = safeJoin(ctx.dir.root, "sweeps", sweepId);
  const db = ctx.catalog.db;
  const prior = db.prepare("SELECT * FROM sweeps WHERE sweep_id = ?").get(sweepId) as
    | Record<string, unknown>
    | undefined;
  if (prior?.status === "DONE") {
    const m = parseManifest(
      sweepManifest,
      await Deno.readTextFile(join(folder, "manifest.json")),
      `sweeps/${sweepId}/manifest.json`,
    );
    return {
      sweepId,
      existed: true,
      members: Number(prior.members),
      skipped: Number(prior.skipped),
      pbo: prior.pbo == null ? null : Number(prior.pbo),
      best: prior.best_params_json
        ? { params: JSON.parse(String(prior.best_params_json)), sharpe: Number(prior.best_sharpe) }
        : null,
      folder,
      files: m.files,
      elapsedMs: performance.now() - t0,
    };
  }
  db.prepare(
    `INSERT OR REPLACE INTO sweeps (sweep_id, dataset_id, strategy_id, grid_json, base_config_json,
      members, skipped, status, created_at) VALUES (?,?,?,?,?,?,?, 'RUNNING', ?)`,
  ).run(
    sweepId,
    dataset.datasetId,
    base.strategy.id,
    JSON.stringify(grid),
    JSON.stringify(base),
    members.length,
    expansion.skipped,
    new Date().toISOString(),
  );
  const building = folder + ".building";
  try {
    // Chunks of ~4 per worker keep every core busy and give progress steps.
    const chunk = Math.max(1, Math.ceil(members.length / (ctx.pool.parallelism * 4)));
    // Progress counts chunks as they come back, from whichever worker (local or queued).
    const chunks = Math.ceil(members.length / chunk);
    let chunksDone = 0;
    let membersDone = 0;
    const sweepProgress = () =>
      onProgress({
        stage: "sweep",
        done: chunksDone,
        total: chunks,
        message: `chunks (${membersDone}/${members.length} members)`,
      });
    sweepProgress();
    // One failed or cancelled chunk stops the others: no partial sweep keeps running.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    if (signal?.aborted) stop.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const tasks: Promise<SweepRow[]>[] = [];
    for (let from = 0; from < members.length; from += chunk) {
      const to = Math.min(members.length, from + chunk);
      const task: SweepChunkTask = {
        kind: "sweep_chunk",
        barsPath: safeJoin(ctx.dir.root, dataset.barsParquet[0]),
        barsKey: `${dataset.datasetId}:${dataset.manifestSha256}`,
        datasetId: dataset.datasetId,
        barsSha256: facts.bars_parquet_sha256,
        codeHash: code.codeHash,
        baseConfig: base,
        members,
        from,
        to,
        barsPerYear: perYear,
        blocks,
      };
      tasks.push(
        ctx.pool.run(task, { signal: stop.signal }).then((rows) => {
          chunksDone++;
          membersDone += rows.length;
          sweepProgress();
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
    onProgress({ stage: "artifacts", done: members.length, total: members.length });
    const artifact = sweepArtifact(rows, grid, { metric });
    const pbo = rows.length >= 2
      ? probabilityOfBacktestOverfitting(
        stackBlockStats(dataset.barCount, blocks, rows.map((r) => r.blocks!)),
        { seed: base.seed, periodsPerYear: perYear },
      )
      : null;
    let best: SweepRow | null = null;
    for (const r of rows) {
      const s = r.metrics.sharpe;
      if (
        s !== null && (best === null || best.metrics.sharpe === null || s > best.metrics.sharpe)
      ) best = r;
    }
    await removeIfExists(building);
    await Deno.mkdir(building, { recursive: true });
    const files: ArtifactEntry[] = [];
    files.push(
      await writeArtifact(
        building,
        "sweep.parquet",
        await tableParquet(artifact.table.columns, {
          sweep_id: sweepId,
          symbol: dataset.symbol,
          dataset_id: dataset.datasetId,
          from: dataset.fromDate,
          to: dataset.toDate,
          strategy: base.strategy.id,
          grid: canonicalJson(grid),
          metric,
          blocks: String(blocks),
          seed: String(base.seed),
          code_version: code.version,
          code_hash: code.codeHash,
        }),
      ),
    );
    files.push(await writeArtifact(building, "heatmap.json", jsonArtifact(artifact.heatmap)));
    files.push(
      await writeArtifact(
        building,
        "pbo.json",
        jsonArtifact(pbo ? { ...pboSummary(pbo), logits: Array.from(pbo.logits) } : null),
      ),
    );
    files.push(
      await writeArtifact(
        building,
        "sweep-manifest.json",
        jsonArtifact(sweepInputsManifest.parse({
          schema_version: MANIFEST_SCHEMA_VERSION,
          sweep_id: sweepId,
          ...inputs,
          members: members.length,
          skipped: expansion.skipped,
          bars_per_year: perYear,
          runtime: { deno: Deno.version.deno },
        })),
      ),
    );
    files.sort((a, b) => a.name.localeCompare(b.name));
    const hashed = { schema_version: MANIFEST_SCHEMA_VERSION, sweep_id: sweepId, files };
    const manifestHash = sha256Hex(canonicalJson(hashed));
    await writeArtifact(
      building,
      "manifest.json",
      jsonArtifact({ ...hashed, manifest_hash: manifestHash }),
    );
    await removeIfExists(folder);
    await Deno.rename(building, folder);
    new SqliteTrials(db).record(rows.map((r) => ({
      datasetId: dataset.datasetId,
      strategyId: base.strategy.id,
      config: { params: r.params, risk: base.risk, execution: base.execution },
      source: "sweep" as const,
      sourceId: sweepId,
      sharpe: r.metrics.sharpe,
    })));
    const elapsedMs = performance.now() - t0;
    db.prepare(
      `UPDATE sweeps SET status = 'DONE', finished_at = ?, duration_ms = ?, pbo = ?,
        best_params_json = ?, best_sharpe = ?, manifest_hash = ? WHERE sweep_id = ?`,
    ).run(
      new Date().toISOString(),
      Math.round(elapsedMs),
      pbo?.pbo ?? null,
      best ? JSON.stringify(best.params) : null,
      best?.metrics.sharpe ?? null,
      manifestHash,
      sweepId,
    );
    return {
      sweepId,
      existed: false,
      members: members.length,
      skipped: expansion.skipped,
      pbo: pbo?.pbo ?? null,
      best: best ? { params: { ...best.params }, sharpe: best.metrics.sharpe } : null,
      folder,
      files,
      elapsedMs,
    };
  } catch (err) {
    await removeIfExists(building);
    db.prepare("UPDATE sweeps SET status = 'ERROR', error = ?, finished_at = ? WHERE sweep_id = ?")
      .run(errorLine(err), new Date().toISOString(), sweepId);
    throw err;
  }
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
