/**
 * @module
 * SHA-256 helpers: of bytes, of text, of a file (streamed, memory bounded).
 */
import { createHash } from "node:crypto";

/** Hex sha256 of bytes or UTF-8 text. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Hex sha256 and size of a file, read in chunks so any size fits in bounded memory.
 * @param path file to hash
 * @returns `{ sha256, size }`
 */
export async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  using file = await Deno.open(path, { read: true });
  const buf = new Uint8Array(1 << 20);
  while (true) {
    const n = await file.read(buf);
    if (n === null) break;
    hash.update(buf.subarray(0, n));
    size += n;
  }
  return { sha256: hash.digest("hex"), size };
}
