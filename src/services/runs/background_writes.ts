/**
 * @module
 * Catalog writes that no request waits for (job progress, stage and terminal events, the
 * status a dying worker could not record): done at once when the catalog is free, otherwise
 * queued in order and retried with backoff from a timer. Writes are never lost to a busy
 * catalog and never thrown back at their caller, which is an event handler or a worker
 * message: there an exception would end the whole process.
 */
import { errorLine } from "../../domain/errors.ts";
import { isCatalogBusy } from "../../store/catalog_busy.ts";

type Log = (level: "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;

/** Options of {@link BackgroundWrites}. */
export interface BackgroundWritesOptions {
  /** First retry delay, doubled on each busy retry. @default 50 */
  minDelayMs?: number;
  /** Largest retry delay. @default 2000 */
  maxDelayMs?: number;
  log?: Log;
}

/** An ordered queue of catalog writes that retries while the catalog is busy. */
export class BackgroundWrites {
  readonly #queue: (() => void)[] = [];
  readonly #min: number;
  readonly #max: number;
  readonly #log?: Log;
  #delay: number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** @param opts retry delays and the log */
  constructor(opts: BackgroundWritesOptions = {}) {
    this.#min = opts.minDelayMs ?? 50;
    this.#max = opts.maxDelayMs ?? 2000;
    this.#log = opts.log;
    this.#delay = this.#min;
  }

  /** Writes waiting for the catalog. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Runs `write` now, or after the writes queued before it once the catalog is free. A busy
   * catalog requeues it; any other failure is logged and the write dropped.
   */
  run(write: () => void): void {
    this.#queue.push(write);
    if (this.#queue.length === 1) this.#drain();
  }

  /** Stops retrying (server shutdown); what is queued is left to start-up recovery. */
  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#queue.length = 0;
  }

  #drain(): void {
    while (this.#queue.length > 0) {
      try {
        this.#queue[0]();
      } catch (err) {
        if (isCatalogBusy(err)) {
          if (this.#delay === this.#min) {
            this.#log?.("warn", "catalog busy: background writes wait", {
              pending: this.#queue.length,
            });
          }
          this.#timer = setTimeout(() => {
            this.#timer = null;
            this.#drain();
          }, this.#delay);
          this.#delay = Math.min(this.#max, this.#delay * 2);
          return;
        }
        this.#log?.("error", "background catalog write failed", { error: errorLine(err) });
      }
      this.#queue.shift();
      this.#delay = this.#min;
    }
  }
}
