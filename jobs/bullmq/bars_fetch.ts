/**
 * @module
 * Downloads a dataset's bars from the server that owns it (`GET /datasets/{id}/bars.parquet`,
 * bearer token) for a queue worker that lacks them. The bytes stream into a temp file of the
 * worker's data dir while they are hashed; only a file whose sha256 is the one the chunk names
 * is renamed into place (atomically, same file system), so a half-written or corrupted download
 * is never used. Transient failures (connection lost, 5xx, a body whose sha256 differs) are
 * retried with backoff; a refused token or an unknown dataset fails at once.
 */
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { HewstonError } from "../../src/domain/errors.ts";

/** Where a worker fetches bars it does not have. */
export interface BarsServer {
  /** The server's origin, e.g. `http://10.0.0.5:8000`. */
  url: string;
  /** Bearer token of a server that has one. */
  token?: string;
}

/** Options of {@link fetchBars}. */
export interface FetchBarsOptions {
  server: BarsServer;
  datasetId: string;
  /** The sha256 (hex) the chunk names: anything else is refused. */
  sha256: string;
  /** Final path of the file (its folder is created). */
  dest: string;
  /** Folder for the partial download, on the same file system as `dest`. */
  tmpDir: string;
  /** @default 3 */
  attempts?: number;
  /** Wait before the 2nd attempt, doubled for each next one. @default 500 */
  backoffMs?: number;
  /** Time limit of one attempt, body included. @default 300000 */
  timeoutMs?: number;
}

/** What a successful fetch cost. */
export interface FetchedBars {
  bytes: number;
  ms: number;
  attempts: number;
}

/**
 * Fetches the bars into `opts.dest`; see the module doc.
 * @throws {HewstonError} BARS_UNAUTHORIZED (401/403), BARS_NOT_FOUND (404), BARS_MISMATCH (every
 *   attempt's bytes had another sha256), BARS_FETCH_FAILED (every attempt failed otherwise)
 */
export async function fetchBars(opts: FetchBarsOptions): Promise<FetchedBars> {
  const attempts = Math.max(1, opts.attempts ?? 3);
  const url = barsUrl(opts.server.url, opts.datasetId);
  const t0 = performance.now();
  let last: HewstonError | undefined;
  for (let i = 1; i <= attempts; i++) {
    if (i > 1) await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 500) * 2 ** (i - 2)));
    try {
      const bytes = await attempt(url, opts);
      return { bytes, ms: performance.now() - t0, attempts: i };
    } catch (err) {
      if (err instanceof HewstonError && FINAL.has(err.code)) throw err;
      last = err instanceof HewstonError ? err : new HewstonError(
        "BARS_FETCH_FAILED",
        `fetching the bars of dataset ${opts.datasetId} from ${url}: ${
          err instanceof Error ? err.message.split("\n")[0] : String(err)
        }`,
      );
    }
  }
  throw new HewstonError(last!.code, `${last!.message} (${attempts} attempts)`, {
    status: last!.status,
  });
}

/** Failures another attempt cannot fix. */
const FINAL = new Set(["BARS_UNAUTHORIZED", "BARS_NOT_FOUND"]);

/** `GET {origin}/datasets/{id}/bars.parquet`. */
export function barsUrl(origin: string, datasetId: string): string {
  return `${origin.replace(/\/+$/, "")}/datasets/${encodeURIComponent(datasetId)}/bars.parquet`;
}

async function attempt(url: string, opts: FetchBarsOptions): Promise<number> {
  const headers: Record<string, string> = {};
  if (opts.server.token) headers.Authorization = `Bearer ${opts.server.token}`;
  const res = await fetch(url, {
    headers,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 300_000),
  });
  if (!res.ok) {
    const reason = await errorReason(res);
    if (res.status === 401 || res.status === 403) {
      throw new HewstonError(
        "BARS_UNAUTHORIZED",
        `${url} refused this worker (${res.status}${reason}): give the server's token with ` +
          `--token-file or HEWSTON_TOKEN`,
      );
    }
    if (res.status === 404) {
      throw new HewstonError(
        "BARS_NOT_FOUND",
        `${url}: the server has no dataset ${opts.datasetId} (${res.status}${reason})`,
      );
    }
    throw new HewstonError("BARS_FETCH_FAILED", `${url} answered ${res.status}${reason}`);
  }
  await Deno.mkdir(opts.tmpDir, { recursive: true });
  const part = join(opts.tmpDir, `bars-${opts.sha256.slice(0, 16)}-${crypto.randomUUID()}.part`);
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    const file = await Deno.open(part, { write: true, createNew: true });
    // pipeTo closes the file, also when the body fails half-way.
    await res.body!.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          hash.update(chunk);
          bytes += chunk.length;
          out.enqueue(chunk);
        },
      }),
    ).pipeTo(file.writable);
    const got = hash.digest("hex");
    if (got !== opts.sha256) {
      throw new HewstonError(
        "BARS_MISMATCH",
        `the bars of dataset ${opts.datasetId} from ${url} have sha256 ${got.slice(0, 12)}…, ` +
          `the sweep names ${opts.sha256.slice(0, 12)}… (corrupted download, or the server's ` +
          `dataset differs from the sweep's)`,
      );
    }
    // The destination's folder only now: a refused download leaves nothing in the cache.
    await Deno.mkdir(dirname(opts.dest), { recursive: true });
    await Deno.rename(part, opts.dest);
    return bytes;
  } finally {
    await Deno.remove(part).catch(() => {});
  }
}

/** `: CODE message` of an API error body, or nothing (the body is consumed). */
async function errorReason(res: Response): Promise<string> {
  try {
    const e = JSON.parse(await res.text())?.error;
    return e?.code ? `: ${e.code} ${String(e.message ?? "").slice(0, 200)}` : "";
  } catch {
    return "";
  }
}
