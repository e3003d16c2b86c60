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

/** Options of {@link retryWhileBusy}. */
export interface BusyWait {
  /** Give up once this long has passed since the first attempt, in ms. */
  limitMs: number;
  /** Called before each wait with the attempts made and the time waited so far (ms). */
  onWait?: (attempts: number, waitedMs: number) => void;
}

/**
 * Runs `fn`, and again while it fails because the catalog is locked: waits 100 ms, doubling
 * up to 2 s, until `limitMs` have passed. Any other failure is thrown at once.
 * @throws {HewstonError} CATALOG_LOCKED when the lock outlasted `limitMs`
 */
export async function retryWhileBusy<T>(fn: () => T | Promise<T>, o: BusyWait): Promise<T> {
  const t0 = performance.now();
  for (let attempt = 1;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isCatalogBusy(err)) throw err;
      const waited = performance.now() - t0;
      if (waited >= o.limitMs) {
        throw new HewstonError(
          "CATALOG_LOCKED",
          `the catalog is locked by another process; waited ${
            Math.round(o.limitMs / 1000)
          } s for it (serve --catalog-wait); stop that process or try again`,
          { status: 503, cause: err },
        );
      }
      o.onWait?.(attempt, waited);
      const delay = Math.min(100 * 2 ** (attempt - 1), 2000, o.limitMs - waited);
      await new Promise((r) => setTimeout(r, Math.max(0, delay)));
    }
  }
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
