/**
 * @module
 * When another process holds SQLite's write lock (a second tool, a backup, a long
 * `BEGIN IMMEDIATE`), a write fails with "database is locked" once the connection's busy
 * timeout runs out. These helpers recognise that failure and turn it into the one error the
 * API answers with: 503 CATALOG_BUSY and a Retry-After.
 */
import { HewstonError } from "../domain/errors.ts";

/** Seconds a client is told to wait before retrying a refused write. */
export const CATALOG_RETRY_AFTER_S = 1;

/** Whether `err` is SQLite's "database is locked" (SQLITE_BUSY / SQLITE_LOCKED). */
export function isCatalogBusy(err: unknown): boolean {
  if (err instanceof CatalogBusyError) return true;
  if (!(err instanceof Error)) return false;
  return /\bdatabase (?:table )?is locked\b|\bdatabase is busy\b/i.test(err.message);
}

/** The catalog is locked by another process: retry later (503, Retry-After). */
export class CatalogBusyError extends HewstonError {
  /** @param cause the SQLite error */
  constructor(cause?: unknown) {
    super(
      "CATALOG_BUSY",
      `the catalog is locked by another process; retry in ${CATALOG_RETRY_AFTER_S} s`,
      { status: 503, details: { retry_after_s: CATALOG_RETRY_AFTER_S }, cause },
    );
    this.name = "CatalogBusyError";
  }
}
