/**
 * @module
 * A dataset's bars as raw columns beside its `bars.parquet` (`bars.columns`; beside any bars
 * Parquet file a worker caches, named after it), so a run loads a
 * symbol-year with one file read and no Parquet/Arrow decoding (a CLI backtest never
 * initialises parquet-wasm to read its bars). `bars.parquet` stays the published artifact;
 * this file is a cache of exactly what decoding it gives, written when the dataset is built
 * or on the first load of an older dataset, and replaced with the dataset's folder.
 *
 * Layout (little-endian): 8-byte magic `HWBARS\0\x01`, a u32 header length, the JSON header
 * padded with spaces to an 8-byte boundary, then each column of `BAR_FIELDS` in order (f64,
 * or u32 trade counts), each starting on an 8-byte boundary. The header binds the file to the
 * `bars.parquet` it was decoded from (its size and modification time) and carries the
 * payload's crc32: a file that does not match (stale, truncated, damaged, another version)
 * is ignored and the Parquet file is read instead.
 */
import { basename, dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import { BAR_FIELDS, type Bars } from "../domain/bars.ts";

/**
 * The columns file of the Parquet file at `parquetPath`: beside it, named after it
 * (`bars.parquet` → `bars.columns`, `<sha256>.parquet` → `<sha256>.columns`).
 */
export function columnsPathFor(parquetPath: string): string {
  return join(dirname(parquetPath), basename(parquetPath).replace(/\.parquet$/, "") + ".columns");
}

const MAGIC = new Uint8Array([0x48, 0x57, 0x42, 0x41, 0x52, 0x53, 0x00, 0x01]); // HWBARS\0\1
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The `bars.parquet` a columns file was decoded from. */
export interface ParquetStamp {
  size: number;
  mtime_ms: number;
}

interface Header extends ParquetStamp {
  length: number;
  columns: string[];
  crc32: number;
}

const align8 = (n: number) => (n + 7) & ~7;
const width = (type: string) => (type === "u32" ? 4 : 8);

/** Encodes `bars` with the stamp of the Parquet file they were decoded from. */
export function encodeBarsColumns(bars: Bars, stamp: ParquetStamp): Uint8Array {
  let payloadBytes = 0;
  for (const f of BAR_FIELDS) payloadBytes += align8(bars.length * width(f.type));
  const payload = new Uint8Array(payloadBytes);
  let at = 0;
  for (const f of BAR_FIELDS) {
    const col = bars[f.key];
    payload.set(new Uint8Array(col.buffer, col.byteOffset, col.byteLength), at);
    at += align8(col.byteLength);
  }
  const header: Header = {
    length: bars.length,
    size: stamp.size,
    mtime_ms: stamp.mtime_ms,
    columns: BAR_FIELDS.map((f) => f.column),
    crc32: crc32(payload),
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = align8(12 + json.length);
  json = new TextEncoder().encode(JSON.stringify(header).padEnd(headerEnd - 12, " "));
  const out = new Uint8Array(headerEnd + payload.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(payload, headerEnd);
  return out;
}

/**
 * Decodes a columns file, or null when it is not one for the Parquet file stamped `stamp`
 * (stale, damaged, truncated, another format version, or a big-endian machine). The columns
 * are views into `bytes`' buffer (no copy).
 */
export function decodeBarsColumns(bytes: Uint8Array, stamp: ParquetStamp): Bars | null {
  if (!LITTLE_ENDIAN || bytes.length < 12 || bytes.byteOffset % 8 !== 0) return null;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = dv.getUint32(8, true);
  const headerEnd = 12 + headerLen;
  if (headerEnd % 8 !== 0 || headerEnd > bytes.length) return null;
  let h: Header;
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, headerEnd)));
  } catch {
    return null;
  }
  const n = h.length;
  if (
    h.size !== stamp.size || h.mtime_ms !== stamp.mtime_ms || !Number.isInteger(n) || n < 0 ||
    JSON.stringify(h.columns) !== JSON.stringify(BAR_FIELDS.map((f) => f.column))
  ) return null;
  let payloadBytes = 0;
  for (const f of BAR_FIELDS) payloadBytes += align8(n * width(f.type));
  if (bytes.length !== headerEnd + payloadBytes) return null;
  if (crc32(bytes.subarray(headerEnd)) !== h.crc32) return null;
  const out: Record<string, unknown> = { length: n };
  let at = bytes.byteOffset + headerEnd;
  for (const f of BAR_FIELDS) {
    out[f.key] = f.type === "u32"
      ? new Uint32Array(bytes.buffer, at, n)
      : new Float64Array(bytes.buffer, at, n);
    at += align8(n * width(f.type));
  }
  return out as unknown as Bars;
}

/** The stamp of the Parquet file at `path`. */
export async function parquetStamp(path: string): Promise<ParquetStamp> {
  const info = await Deno.stat(path);
  return { size: info.size, mtime_ms: info.mtime?.getTime() ?? 0 };
}

/**
 * The bars of the Parquet file at `parquetPath` from its columns file, or null when there is
 * no valid one (the caller reads the Parquet file and may {@link writeBarsColumns}).
 */
export async function readBarsColumns(parquetPath: string): Promise<Bars | null> {
  const path = columnsPathFor(parquetPath);
  try {
    // Never through a link: the data dir holds only files Hewston wrote.
    if (!(await Deno.lstat(path)).isFile) return null;
    const [stamp, bytes] = await Promise.all([parquetStamp(parquetPath), Deno.readFile(path)]);
    return decodeBarsColumns(bytes, stamp);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/**
 * Writes the columns file of the Parquet file at `parquetPath`, whose decoded bars are
 * `bars`: into a new temporary file renamed over the old one, so a reader sees a whole file
 * or none.
 */
export async function writeBarsColumns(parquetPath: string, bars: Bars): Promise<void> {
  const path = columnsPathFor(parquetPath);
  const tmp = `${path}.${Deno.pid}.tmp`;
  const bytes = encodeBarsColumns(bars, await parquetStamp(parquetPath));
  try {
    await Deno.writeFile(tmp, bytes, { createNew: true });
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
}
