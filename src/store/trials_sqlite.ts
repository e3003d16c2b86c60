/**
 * @module
 * The trials register: every distinct configuration (strategy params + risk + execution)
 * tried on a dataset with a strategy, from runs and sweep members alike. Its count and the
 * variance of its Sharpe ratios are the inputs of the Deflated Sharpe Ratio.
 */
import type { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";
import { statementCache } from "./_statements.ts";
import { canonicalJson } from "../domain/canonical_json.ts";
import { sha256Hex } from "../domain/hash.ts";

/** One configuration tried. */
export interface Trial {
  datasetId: string;
  strategyId: string;
  /** Anything that identifies the configuration (hashed canonically). */
  config: unknown;
  source: "run" | "sweep";
  sourceId: string;
  /** Annualised Sharpe ratio, null when undefined. */
  sharpe: number | null;
}

/** Trials in the catalog database. */
export class SqliteTrials {
  readonly #db: DatabaseSync;
  readonly #prepare: (sql: string) => StatementSync;

  /** @param db the catalog's open (migrated) connection */
  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#prepare = statementCache(this.#db);
  }

  /** Records trials; a configuration already recorded keeps its first entry. */
  record(trials: readonly Trial[], createdAt = new Date().toISOString()): void {
    const stmt = this.#prepare(
      `INSERT OR IGNORE INTO trials (dataset_id, strategy_id, config_hash, source, source_id,
        sharpe, created_at) VALUES (?,?,?,?,?,?,?)`,
    );
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const t of trials) {
        stmt.run(
          t.datasetId,
          t.strategyId,
          configHash(t.config),
          t.source,
          t.sourceId,
          t.sharpe !== null && Number.isFinite(t.sharpe) ? t.sharpe : null,
          createdAt,
        );
      }
      this.#db.exec("COMMIT");
    } catch (err) {
      this.#db.exec("ROLLBACK");
      throw err;
    }
  }

  /**
   * Number of distinct configurations tried on `datasetId` with `strategyId`, and the sample
   * variance of their (finite) annualised Sharpe ratios (null with fewer than 2).
   */
  stats(datasetId: string, strategyId: string): { trials: number; sharpeVariance: number | null } {
    const r = this.#prepare(
      `SELECT count(*) AS n, count(sharpe) AS k, avg(sharpe) AS mean,
              sum(sharpe * sharpe) AS ss FROM trials WHERE dataset_id = ? AND strategy_id = ?`,
    ).get(datasetId, strategyId) as {
      n: number;
      k: number;
      mean: number | null;
      ss: number | null;
    };
    const k = Number(r.k);
    const variance = k >= 2 && r.mean !== null && r.ss !== null
      ? Math.max(0, (Number(r.ss) - k * r.mean * r.mean) / (k - 1))
      : null;
    return { trials: Number(r.n), sharpeVariance: variance };
  }
}

/** The hash that makes two configurations "the same trial". */
export function configHash(config: unknown): string {
  return sha256Hex(canonicalJson(config as Record<string, unknown>));
}
