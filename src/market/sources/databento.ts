/**
 * @module
 * Client for Databento's historical HTTP API: downloads one `timeseries.get_range` request
 * (DBN, zstd) into Hewston's raw cache once, and answers later calls from the cache.
 *
 * The request follows the official Python client (`dbn-format.md` §3): a form-encoded POST to
 * `/v0/timeseries.get_range`, HTTP Basic auth with the key as user name and an empty password.
 * Transient failures (408, 429, 500, 502, 503, 504, network errors, a body that breaks off or
 * stalls) are retried with exponential backoff; the key is never printed.
 *
 * | error code | when | status |
 * | --- | --- | --- |
 * | `DATABENTO_AUTH` | 401 / 403: the key was rejected | 502 |
 * | `DATABENTO_BAD_REQUEST` | 400 / 422 and other non-retried 4xx (message has `detail`) | 422 |
 * | `DATABENTO_UNAVAILABLE` | retries exhausted, or a 5xx that is not retried | 503 |
 * | `DATABENTO_BAD_RESPONSE` | a 200 whose body is not DBN or zstd | 502 |
 * | `DOWNLOAD_TOO_LARGE` | the body passes `maxBytes` (declared or while streaming; not retried) | 413 |
 * | `CACHE_WRITE_FAILED` | the raw cache cannot be written | 500 |
 */

import { VERSION } from "../../version.ts";
import { HewstonError, ValidationError } from "../../domain/errors.ts";
import { BodyReadError, errorText, saveBody, tooLarge } from "./_databento_body.ts";
import { sha256File } from "../../domain/hash.ts";
import { cachePath } from "./_databento_cache.ts";
import { readDetail, redact, reportWarnings, statusError } from "./_databento_response.ts";

import { DATABENTO_BASE_URL } from "../../domain/defaults.ts";

/** Databento's historical gateway (declared in `domain/defaults.ts`). */
export { DATABENTO_BASE_URL };

/** Version named in the user-agent when the caller passes none. */
const DEFAULT_VERSION = VERSION;
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Golden-ratio fraction: spreads jitter over attempts without any randomness. */
const JITTER_STEP = 0.6180339887498949;

/** Options of {@linkcode downloadRange}. */
export interface DownloadRangeOptions {
  /** Databento API key (`db-…`); sent only as the Basic-auth user name. */
  apiKey: string;
  /** Dataset code, e.g. `XNAS.ITCH`, `GLBX.MDP3`. */
  dataset: string;
  /** Symbols in `stypeIn` form; comma-joined in the request. */
  symbols: string[];
  /** Schema, e.g. `trades`, `tbbo`, `ohlcv-1m`. */
  schema: "trades" | "tbbo" | string;
  /** Inclusive start: ISO-8601 date/date-time or integer ns since the epoch, as text. */
  start: string;
  /** Exclusive end, same formats. */
  end: string;
  /** Input symbology. @default {"raw_symbol"} */
  stypeIn?: string;
  /** Root of the raw cache; the file lands in `<dataset>/<schema>/` below it. */
  cacheDir: string;
  /** API root. @default {"https://hist.databento.com"} */
  baseUrl?: string;
  /** Retries after the first attempt. @default {5} */
  maxRetries?: number;
  /** First backoff delay; doubles per retry. @default {500} */
  retryBaseMs?: number;
  /** Ceiling of any single wait, `Retry-After` included. @default {30000} */
  maxRetryDelayMs?: number;
  /** Hewston version for the user-agent. @default {VERSION} */
  version?: string;
  /** fetch to use (tests, proxies). @default {globalThis.fetch} */
  fetchImpl?: typeof fetch;
  /** An attempt fails (and may be retried) when no byte arrives for this long. @default {100000} */
  idleTimeoutMs?: number;
  /** Waits between attempts; must reject when `signal` aborts. @default a timer */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Largest body written; a larger one (by its `Content-Length`, or once the bytes streamed
   * pass it) fails with `DOWNLOAD_TOO_LARGE` and leaves no file. @default {Infinity}
   */
  maxBytes?: number;
  /** Called with the bytes written so far after every chunk. */
  onProgress?: (bytes: number) => void;
  /** Called with each entry of the server's `X-Warning` header, e.g. `"DeprecationWarning: …"`. */
  onWarning?: (warning: string) => void;
  /** Aborts the request, a wait, or the body; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A file in the raw cache. */
export interface DownloadResult {
  /** Path of the `.dbn.zst` file. */
  path: string;
  /** Size in bytes. */
  bytes: number;
  /** sha256 of the file, lower-case hex. */
  sha256: string;
  /** True when the file was already cached and no request was made. */
  cached: boolean;
}

/**
 * Downloads a time range of one schema into the raw cache, or returns the cached file.
 *
 * @example Reuse of a cached file (no request is made)
 * ```ts ignore
 * const file = await downloadRange({
 *   apiKey: Deno.env.get("DATABENTO_API_KEY")!, dataset: "XNAS.ITCH", symbols: ["AAPL"],
 *   schema: "trades", start: "2024-01-02", end: "2024-01-03", cacheDir: "data/raw/databento",
 * });
 * // file.path === "data/raw/databento/XNAS.ITCH/trades/AAPL_2024-01-02_2024-01-03.dbn.zst"
 * ```
 * @param opts request, cache and retry options
 * @returns the cached file with its size and sha256
 * @throws {ValidationError} when a request field is empty or the key is not printable ASCII
 * @throws {HewstonError} `DATABENTO_AUTH`, `DATABENTO_BAD_REQUEST`, `DATABENTO_UNAVAILABLE`,
 *   `DATABENTO_BAD_RESPONSE`, `CACHE_WRITE_FAILED` (table in the module doc)
 */
export async function downloadRange(opts: DownloadRangeOptions): Promise<DownloadResult> {
  validate(opts);
  const path = cachePath(opts.cacheDir, opts);
  const existing = await Deno.stat(path).catch(() => null);
  if (existing?.isFile) {
    return { path, bytes: existing.size, sha256: (await sha256File(path)).sha256, cached: true };
  }

  const { signal } = opts;
  const sleep = opts.sleep ?? abortableSleep;
  const maxRetries = opts.maxRetries ?? 5;
  for (let attempt = 0;; attempt++) {
    signal?.throwIfAborted();
    const outcome = await attemptDownload(opts, path, attempt);
    if ("path" in outcome) return outcome;
    if (attempt >= maxRetries) {
      throw new HewstonError(
        "DATABENTO_UNAVAILABLE",
        `Databento historical API unavailable after ${
          plural(attempt + 1, "attempt")
        } (${outcome.failure})`,
        { status: 503, details: { attempts: attempt + 1 } },
      );
    }
    await sleep(
      retryDelayMs(
        attempt,
        opts.retryBaseMs ?? 500,
        outcome.retryAfter,
        opts.maxRetryDelayMs ?? 30_000,
      ),
      signal,
    );
  }
}

/**
 * The wait before retry number `attempt + 1`: `Retry-After` seconds when the server sent
 * them, otherwise `baseMs · 2^attempt` plus a deterministic jitter below `baseMs / 2`;
 * never more than `capMs`.
 * @param attempt zero-based number of the attempt that failed
 * @param baseMs first delay
 * @param retryAfter the `Retry-After` header, or null
 * @param capMs ceiling
 * @returns milliseconds to wait
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  retryAfter: string | null,
  capMs: number,
): number {
  // Only the seconds form: the HTTP-date form would need the wall clock.
  if (retryAfter !== null && /^\s*\d+\s*$/.test(retryAfter)) {
    return Math.min(Number(retryAfter) * 1000, capMs);
  }
  const jitter = Math.floor(((attempt + 1) * JITTER_STEP % 1) * baseMs / 2);
  return Math.min(baseMs * 2 ** attempt + jitter, capMs);
}

/** A failed attempt that may be retried. */
interface RetryableFailure {
  failure: string;
  retryAfter: string | null;
}

/** One request; a watchdog aborts it when no byte arrives for `idleTimeoutMs`. */
async function attemptDownload(
  opts: DownloadRangeOptions,
  path: string,
  attempt: number,
): Promise<DownloadResult | RetryableFailure> {
  const idleMs = opts.idleTimeoutMs ?? 100_000;
  const watchdog = new AbortController();
  let timer = setTimeout(() => watchdog.abort(), idleMs);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => watchdog.abort(), idleMs);
  };
  const signal = opts.signal ? AbortSignal.any([opts.signal, watchdog.signal]) : watchdog.signal;
  const url = `${(opts.baseUrl ?? DATABENTO_BASE_URL).replace(/\/+$/, "")}/v0/timeseries.get_range`;
  try {
    const response = await (opts.fetchImpl ?? fetch)(url, requestInit(opts, signal));
    touch();
    if (response.ok) {
      reportWarnings(response, opts.onWarning);
      const limit = { maxBytes: opts.maxBytes ?? Infinity, what: downloadName(opts) };
      const declared = Number(response.headers.get("content-length") ?? NaN);
      if (declared > limit.maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw tooLarge(limit, declared);
      }
      const saved = await saveBody(response.body, path, (bytes) => {
        touch();
        opts.onProgress?.(bytes);
      }, limit);
      return { path, ...saved, cached: false };
    }
    const detail = redact(await readDetail(response), opts.apiKey);
    if (!RETRY_STATUSES.has(response.status)) {
      reportWarnings(response, opts.onWarning);
      throw statusError(response.status, detail, attempt + 1);
    }
    return {
      failure: `HTTP ${response.status}: ${detail}`,
      retryAfter: response.headers.get("retry-after"),
    };
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (err instanceof HewstonError) throw err;
    const reason = watchdog.signal.aborted
      ? `no data for ${idleMs} ms`
      : err instanceof BodyReadError
      ? err.message
      : `network error: ${errorText(err)}`;
    return { failure: redact(reason, opts.apiKey), retryAfter: null };
  } finally {
    clearTimeout(timer);
  }
}

/** `ESH1 trades 2020-12-28..2020-12-29` for messages. */
function downloadName(opts: DownloadRangeOptions): string {
  return `${opts.symbols.join(",")} ${opts.schema} ${opts.start}..${opts.end}`;
}

function validate(opts: DownloadRangeOptions): void {
  for (const field of ["dataset", "schema", "start", "end", "cacheDir"] as const) {
    if (opts[field].trim() === "") throw new ValidationError(`databento: ${field} is empty`);
  }
  if (opts.symbols.length === 0 || opts.symbols.some((s) => s.trim() === "")) {
    throw new ValidationError("databento: symbols must be a non-empty list of non-empty symbols");
  }
  if (!/^[\x21-\x7e]+$/.test(opts.apiKey)) {
    throw new ValidationError(
      "databento: the API key is empty or not printable ASCII; check DATABENTO_API_KEY",
    );
  }
}

function requestInit(opts: DownloadRangeOptions, signal: AbortSignal): RequestInit {
  const form = new URLSearchParams({
    dataset: opts.dataset,
    start: opts.start,
    end: opts.end,
    symbols: opts.symbols.join(","),
    schema: opts.schema,
    stype_in: opts.stypeIn ?? "raw_symbol",
    stype_out: "instrument_id",
    encoding: "dbn",
    compression: "zstd",
  });
  return {
    method: "POST",
    headers: {
      "accept": "application/json",
      "authorization": `Basic ${btoa(`${opts.apiKey}:`)}`,
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": `Hewston/${opts.version ?? DEFAULT_VERSION} Deno/${Deno.version.deno}`,
    },
    body: form.toString(),
    signal,
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
