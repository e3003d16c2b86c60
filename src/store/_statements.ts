/**
 * @module
 * Prepared-statement cache for a connection: compiling SQL costs more than running the
 * catalog's small queries, so each distinct text is compiled once.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Returns `prepare(sql)` that compiles each distinct SQL text once for `db`. */
export function statementCache(db: DatabaseSync): (sql: string) => StatementSync {
  const cache = new Map<string, StatementSync>();
  return (sql) => {
    let st = cache.get(sql);
    if (!st) {
      st = db.prepare(sql);
      cache.set(sql, st);
    }
    return st;
  };
}
