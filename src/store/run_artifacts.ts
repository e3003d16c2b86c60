/**
 * @module
 * Writes artifact files into a run's folder and describes them (name, size, sha256) for its
 * manifest. The store writes bytes: what goes into them (the engine's outputs) is decided in
 * `services/runs/artifacts.ts`.
 */
import { join } from "node:path";
import { canonicalJson } from "../domain/canonical_json.ts";
import { sha256Hex } from "../domain/hash.ts";

/** One file of a run's manifest. */
export interface ArtifactEntry {
  name: string;
  size: number;
  sha256: string;
}

/** Writes bytes or text to `dir/name` and returns its manifest entry. */
export async function writeArtifact(
  dir: string,
  name: string,
  data: Uint8Array | string,
): Promise<ArtifactEntry> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  await Deno.writeFile(join(dir, name), bytes);
  return { name, size: bytes.length, sha256: sha256Hex(bytes) };
}

/** Canonical JSON text of a value, with a trailing newline (how JSON artifacts are written). */
export function jsonArtifact(value: unknown): string {
  return canonicalJson(value, 2) + "\n";
}
