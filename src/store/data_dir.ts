/**
 * @module
 * The data directory: one folder holds everything (catalog, raw cache, derived bars, run
 * artifacts). Chosen by `--data-dir`, else `HEWSTON_DATA_DIR`, else `./data` (`loadConfig` in
 * `src/config.ts` decides; this module only lays the folder out). Every path
 * Hewston writes is built here, and none may escape the folder.
 */
import { isAbsolute, join, normalize, relative, resolve } from "node:path";
import { ValidationError } from "../domain/errors.ts";
import { DEFAULT_DATA_DIR } from "../domain/defaults.ts";
import { CATALOG_FILE } from "./catalog_sqlite.ts";

/** Resolved locations inside one data dir (all absolute). */
export interface DataDir {
  root: string;
  catalog: string;
  raw: string;
  derivedBars: string;
  backtests: string;
  tmp: string;
}

/**
 * The locations inside the data dir at `path` (`HewstonConfig.dataDir`).
 * @param path the data dir, absolute or relative to the working directory
 * @default path "data"
 */
export function resolveDataDir(path: string = DEFAULT_DATA_DIR): DataDir {
  const root = resolve(path);
  return {
    root,
    catalog: join(root, CATALOG_FILE),
    raw: join(root, "raw"),
    derivedBars: join(root, "derived", "bars"),
    backtests: join(root, "backtests"),
    tmp: join(root, "tmp"),
  };
}

/** Creates the data dir and its sub-folders if missing. */
export async function ensureDataDir(dir: DataDir): Promise<void> {
  for (const p of [dir.root, dir.raw, dir.derivedBars, dir.backtests, dir.tmp]) {
    await Deno.mkdir(p, { recursive: true });
  }
}

/**
 * Joins `parts` under `base` and refuses any result outside `base` (`..`, absolute parts).
 * @throws {ValidationError} code PATH_ESCAPE when the path would leave `base`
 */
export function safeJoin(base: string, ...parts: string[]): string {
  const full = normalize(join(base, ...parts));
  const rel = relative(base, full);
  if (rel.startsWith("..") || isAbsolute(rel) || parts.some((p) => p.includes("\0"))) {
    throw new ValidationError(`path escapes ${base}: ${parts.join("/")}`);
  }
  return full;
}

/** The path of `abs` relative to the data dir root, with forward slashes (for the catalog). */
export function relToRoot(dir: DataDir, abs: string): string {
  return relative(dir.root, abs).split("\\").join("/");
}

/** Removes a file or folder if it exists; never throws for a missing path. */
export async function removeIfExists(path: string): Promise<void> {
  try {
    await Deno.remove(path, { recursive: true });
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}

/** True when `path` exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}
