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
import { MANIFEST_SCHEMA_VERSION, parseManifest } from "../domain/manifests.ts";
import { removeIfExists } from "./data_dir.ts";
import { type ParquetColumn, writeParquet } from "./parquet.ts";
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

/**
 * Runs `fill` against a fresh `<finalDir>.building` folder, writes the manifest (when asked),
 * and renames the folder to `finalDir` (replacing an older one). On any failure the staging
 * folder is removed and the error rethrown.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const out = await withStagedFolder(`${dir}/x`, (w) => w.json("a.json", { b: 1 }), {
 *   header: { id: "x" },
 * });
 * assert.deepEqual(out.files.map((f) => f.name), ["a.json"]);
 * assert.equal(typeof out.manifestHash, "string");
 * ```
 */
export async function withStagedFolder<T>(
  finalDir: string,
  fill: (w: FolderWriter) => Promise<T>,
  manifest?: ManifestSpec,
): Promise<StagedFolder<T>> {
  const building = finalDir + ".building";
  const files: ArtifactEntry[] = [];
  const w = folderWriter(building, files);
  try {
    await removeIfExists(building);
    await Deno.mkdir(building, { recursive: true });
    const value = await fill(w);
    files.sort((a, b) => a.name.localeCompare(b.name));
    let manifestHash: string | null = null;
    if (manifest) {
      const hashed = { schema_version: MANIFEST_SCHEMA_VERSION, ...manifest.header, files };
      manifestHash = sha256Hex(canonicalJson(hashed));
      await writeArtifact(
        building,
        "manifest.json",
        jsonArtifact({ ...hashed, manifest_hash: manifestHash, ...manifest.trailer?.() }),
      );
    }
    await removeIfExists(finalDir);
    await Deno.rename(building, finalDir);
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
