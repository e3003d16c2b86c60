/**
 * @module
 * The one staged writer of artifact folders (datasets, runs, sweeps): files go into
 * `<final>.building/`, and only when every file is written is the folder renamed into place —
 * so a folder is whole or absent, whatever fails or crashes on the way. Callers never rename
 * files themselves. With a manifest header, the writer adds `manifest.json`: the header, every
 * file's name, size and sha256, and the `manifest_hash` over the header and the files.
 * Also the one reader of manifest files: it parses with the manifest's schema, never casts.
 */
import type { z } from "zod";
import { canonicalJson } from "../domain/canonical_json.ts";
import { sha256Hex } from "../domain/hash.ts";
import { compareNames } from "../domain/name_order.ts";
import { MANIFEST_SCHEMA_VERSION, parseManifest } from "../domain/manifests.ts";
import { exists, removeIfExists } from "./data_dir.ts";
import { refuseSymlinks } from "./no_symlinks.ts";
import { type ParquetColumn, writeParquet } from "./parquet_writer.ts";
import { type ArtifactEntry, jsonArtifact, writeArtifact } from "./run_artifacts.ts";

/** Writes files into a staging folder, recording each one's manifest entry. */
export interface FolderWriter {
  /** The staging folder (`<final>.building`). */
  readonly path: string;
  /** Writes `value` as canonical JSON (sorted keys, 2-space indent, trailing newline). */
  json(name: string, value: unknown): Promise<ArtifactEntry>;
  /** Writes bytes or text as they are. */
  bytes(name: string, data: Uint8Array | string): Promise<ArtifactEntry>;
  /** Writes columns as one zstd Parquet file. */
  parquet(name: string, columns: [string, ParquetColumn][]): Promise<ArtifactEntry>;
}

/** The manifest the writer adds: its hashed header and fields outside the hash. */
export interface ManifestSpec {
  /** Identifies the folder (e.g. `{run_id, input_hash}`); hashed with the files. */
  header: Record<string, unknown>;
  /** Fields written after the hash is known and not covered by it (e.g. `chain_prev`). */
  trailer?: () => Record<string, unknown>;
}

/** What a staged folder became. */
export interface StagedFolder<T> {
  /** Every file written by the callback, by name (manifest.json excluded). */
  files: ArtifactEntry[];
  /** sha256 of the canonical `{schema_version, ...header, files}`; null without a manifest. */
  manifestHash: string | null;
  /** What the callback returned. */
  value: T;
}

/**
 * A writer into the existing folder `dir` that appends each file's entry to `files` (for
 * folders a caller stages itself).
 */
export function folderWriter(dir: string, files: ArtifactEntry[]): FolderWriter {
  const record = async (p: Promise<ArtifactEntry>) => {
    const entry = await p;
    files.push(entry);
    return entry;
  };
  return {
    path: dir,
    json: (name, value) => record(writeArtifact(dir, name, jsonArtifact(value))),
    bytes: (name, data) => record(writeArtifact(dir, name, data)),
    parquet: async (name, columns) =>
      await record(writeArtifact(dir, name, await writeParquet(columns))),
  };
}

/** How {@link withStagedFolder} stages and publishes a folder. */
export interface StageOptions {
  /**
   * The data dir root: a symbolic link planted between it and the folder is refused (it
   * would carry every write out of the data dir).
   */
  root?: string;
  /** The manifest the writer adds; none when absent. */
  manifest?: ManifestSpec;
  /**
   * Called when every file (and the manifest) is written, just before the folder is
   * published: throwing (e.g. the run was cancelled meanwhile) abandons the folder.
   */
  beforePublish?: () => void | Promise<void>;
}

/**
 * Runs `fill` against a fresh `<finalDir>.building` folder, writes the manifest (when asked),
 * and publishes the folder as `finalDir`: an older folder of that name is moved aside to
 * `<finalDir>.old`, the new one renamed in, the old one removed — so the name is never empty
 * for long and never half written. On any failure the staging folder is removed and the
 * error rethrown (an older folder stays as it was).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const out = await withStagedFolder(`${dir}/x`, (w) => w.json("a.json", { b: 1 }), {
 *   manifest: { header: { id: "x" } },
 * });
 * assert.deepEqual(out.files.map((f) => f.name), ["a.json"]);
 * assert.equal(typeof out.manifestHash, "string");
 * ```
 */
export async function withStagedFolder<T>(
  finalDir: string,
  fill: (w: FolderWriter) => Promise<T>,
  opts: StageOptions = {},
): Promise<StagedFolder<T>> {
  const building = finalDir + ".building";
  const files: ArtifactEntry[] = [];
  const w = folderWriter(building, files);
  try {
    // Removing a link planted as the folder removes the link, not its target.
    await removeIfExists(building);
    if (opts.root !== undefined) await refuseSymlinks(opts.root, building);
    await Deno.mkdir(building, { recursive: true });
    const value = await fill(w);
    files.sort((a, b) => compareNames(a.name, b.name));
    let manifestHash: string | null = null;
    const manifest = opts.manifest;
    if (manifest) {
      const hashed = { schema_version: MANIFEST_SCHEMA_VERSION, ...manifest.header, files };
      manifestHash = sha256Hex(canonicalJson(hashed));
      await writeArtifact(
        building,
        "manifest.json",
        jsonArtifact({ ...hashed, manifest_hash: manifestHash, ...manifest.trailer?.() }),
      );
    }
    await opts.beforePublish?.();
    const old = finalDir + ".old";
    await removeIfExists(old);
    if (await exists(finalDir)) await Deno.rename(finalDir, old);
    await Deno.rename(building, finalDir);
    await removeIfExists(old);
    return { files, manifestHash, value };
  } catch (err) {
    await removeIfExists(building);
    throw err;
  }
}

/**
 * Reads and parses a manifest file with its schema.
 * @returns the manifest, or null when the file does not exist
 * @throws {HewstonError} MANIFEST_INVALID when it exists but does not match the schema
 */
export async function readManifestFile<S extends z.ZodType>(
  schema: S,
  path: string,
): Promise<z.output<S> | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  return parseManifest(schema, text, path);
}
