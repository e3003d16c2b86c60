/**
 * @module
 * Where a queue worker finds the bars a chunk names by dataset id and sha256: its own data
 * dir's dataset when the sha256 matches, else its bars cache (`cache/bars/<sha256>/bars.parquet`:
 * one folder per file, so the `bars.columns` the loader writes beside it is its own),
 * else — with `--server` — a download from the server that owns the dataset into that cache
 * (`bars_fetch.ts`: verified, renamed atomically). Each file is hashed once per process; a
 * cached file that no longer matches (disk damage, a hand edit) is dropped and fetched again.
 * Concurrent chunks of one dataset share one lookup, so the bars are fetched once.
 */
import { HewstonError } from "../../src/domain/errors.ts";
import { sha256Hex } from "../../src/domain/hash.ts";
import type { SqliteCatalog } from "../../src/store/catalog_sqlite.ts";
import { type DataDir, exists, removeIfExists, safeJoin } from "../../src/store/data_dir.ts";
import { refuseSymlinks } from "../../src/store/no_symlinks.ts";
import { type BarsServer, fetchBars } from "./bars_fetch.ts";

const SHA256 = /^[0-9a-f]{64}$/;

/** Options of {@link WorkerBars}. */
export interface WorkerBarsOptions {
  dir: DataDir;
  catalog: SqliteCatalog;
  /** The server to fetch missing bars from; without it a missing dataset fails the chunk. */
  server?: BarsServer;
  /** One line per fetch or dropped cache file. */
  log?: (line: string) => void;
}

/** The bars path of a chunk's dataset on this worker; see the module doc. */
export class WorkerBars {
  readonly #o: WorkerBarsOptions;
  readonly #found = new Map<string, Promise<string>>();

  /** @param opts the worker's data dir, catalog and server */
  constructor(opts: WorkerBarsOptions) {
    this.#o = opts;
  }

  /** The folder fetched bars are kept in, inside the data dir. */
  get cacheDir(): string {
    return safeJoin(this.#o.dir.root, "cache", "bars");
  }

  /**
   * A local file of dataset `datasetId` whose sha256 is `sha256`.
   * @throws {HewstonError} BARS_NOT_FOUND, BARS_MISMATCH, or a fetch's error
   */
  pathFor(datasetId: string, sha256: string): Promise<string> {
    const key = `${datasetId}:${sha256}`;
    let p = this.#found.get(key);
    if (!p) {
      p = this.#find(datasetId, sha256);
      // A failure is not remembered: the next chunk tries again (the server may be back).
      p.catch(() => this.#found.delete(key));
      this.#found.set(key, p);
    }
    return p;
  }

  async #find(datasetId: string, sha256: string): Promise<string> {
    if (!SHA256.test(sha256)) {
      throw new HewstonError("BARS_MISMATCH", `the chunk names no valid bars sha256: ${sha256}`);
    }
    const { dir, catalog, server } = this.#o;
    const log = this.#o.log ?? (() => {});
    let localSha: string | undefined;
    const d = catalog.getDataset(datasetId);
    if (d?.status === "READY" && d.barsParquet[0]) {
      const path = safeJoin(dir.root, d.barsParquet[0]);
      localSha = sha256Hex(await Deno.readFile(path));
      if (localSha === sha256) return path;
    }
    const folder = safeJoin(this.cacheDir, sha256);
    const cached = safeJoin(folder, "bars.parquet");
    await refuseSymlinks(dir.root, cached);
    if (await exists(cached)) {
      if (sha256Hex(await Deno.readFile(cached)) === sha256) return cached;
      log(`cached bars ${sha256.slice(0, 12)}… are damaged: dropped, fetching again`);
      await removeIfExists(folder);
    }
    if (!server) {
      if (localSha) {
        throw new HewstonError(
          "BARS_MISMATCH",
          `dataset ${datasetId}: bars sha256 ${localSha.slice(0, 12)}… here, ` +
            `${sha256.slice(0, 12)}… in the sweep; give this worker --server URL to fetch them`,
        );
      }
      throw new HewstonError(
        "BARS_NOT_FOUND",
        `dataset ${datasetId} is not in this worker's data dir ${dir.root}; give it ` +
          `--server URL (the server that owns the dataset) to fetch the bars`,
      );
    }
    const got = await fetchBars({
      server,
      datasetId,
      sha256,
      dest: cached,
      tmpDir: dir.tmp,
    });
    log(
      `bars of ${datasetId} fetched from ${server.url} (${got.bytes} bytes, ` +
        `${Math.round(got.ms)} ms, ${got.attempts} attempt${got.attempts > 1 ? "s" : ""})`,
    );
    return cached;
  }
}
