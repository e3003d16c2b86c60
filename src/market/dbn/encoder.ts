/**
 * @module
 * DBN encoder: writes the metadata header of DBN versions 1, 2 and 3 and the TradeMsg,
 * Mbp1Msg (MBP-1 and TBBO) and OhlcvMsg records from columnar batches, in memory or streamed
 * to a file (plain or zstd) that only appears under its final name once complete.
 *
 * Layouts follow `shared/docs/dbn-format.md`. Records are written through 32-bit word views
 * of the output buffer, so 64-bit columns are copied as word pairs without creating BigInts.
 * The streaming zstd writer uses level 3, an XXH64 checksum and a final flush before the end
 * of the frame, like Databento's own encoder: the sample `.dbn.zst` files come out byte for
 * byte.
 *
 * | value | written as |
 * | --- | --- |
 * | `schema: null` | 0xFFFF (mixed) |
 * | `end: null` | u64::MAX |
 * | `stypeIn: null` | 0xFF |
 * | v1 record_count | u64::MAX (deprecated field) |
 */

import type {
  DbnBatch,
  MappingInterval,
  Mbp1Columns,
  OhlcvColumns,
  TradeColumns,
} from "./types.ts";
import { once } from "node:events";
import { basename, dirname } from "node:path";
import { constants as zc, createZstdCompress } from "node:zlib";
import { HewstonError, ValidationError } from "../../domain/errors.ts";
import { Schema } from "./types.ts";

/** Metadata to encode. A decoded {@link import("./types.ts").DbnMetadata} is accepted as is. */
export interface EncoderMetadata {
  /** DBN version: 1, 2 or 3. */
  version: number;
  /** Dataset code, e.g. `XNAS.ITCH` (at most 15 bytes). */
  dataset: string;
  /** Schema code (`Schema`), or null for mixed. */
  schema: number | null;
  /** Query start, ns since epoch. */
  start: bigint;
  /** Exclusive query end, ns since epoch, or null for none. */
  end: bigint | null;
  /** Record limit; 0 = none. @default 0n */
  limit?: bigint;
  stypeIn: number | null;
  stypeOut: number;
  /** Only false is supported: records carry no ts_out. @default false */
  tsOut?: boolean;
  /** Symbol field width; must be 22 in v1. @default 22 (v1), 71 (v2, v3) */
  symbolCstrLen?: number;
  symbols?: readonly string[];
  partial?: readonly string[];
  notFound?: readonly string[];
  mappings?: readonly { rawSymbol: string; intervals: readonly MappingInterval[] }[];
}

/** A batch to encode: any of the market columns; control records are refused. */
export type EncoderBatch = Pick<DbnBatch, "trades" | "mbp1" | "ohlcv" | "control">;

/** Options of {@link writeDbnFile} and {@link DbnFileWriter.create}. */
export interface DbnWriteOptions {
  /** Compress with zstd. @default true when the path ends in `.zst` */
  zstd?: boolean;
  /** zstd compression level. @default 3 */
  level?: number;
}

/** What a finished file holds. */
export interface DbnWriteResult {
  path: string;
  /** Number of records written. */
  records: number;
  /** Uncompressed DBN bytes (header + records). */
  rawBytes: number;
  /** Bytes on disk. */
  fileBytes: number;
}

const TRADE_WORDS = 12;
const MBP1_WORDS = 20;
const OHLCV_WORDS = 14;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const UTF8 = new TextEncoder();

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new HewstonError("UNSUPPORTED_PLATFORM", "the DBN encoder needs a little-endian host");
}

/** Encodes one DBN stream: the header first, then any number of record batches. */
export class DbnEncoder {
  readonly #meta: EncoderMetadata;
  readonly #header: Uint8Array;

  /**
   * @param meta the metadata of the stream
   * @throws {ValidationError} when the metadata cannot be encoded
   */
  constructor(meta: EncoderMetadata) {
    this.#meta = meta;
    this.#header = encodeHeader(meta);
  }

  /** Returns the metadata header bytes (prelude included). */
  header(): Uint8Array {
    return this.#header.slice();
  }

  /**
   * Encodes TradeMsg records (48 bytes each); rtype is written from the column.
   * @throws {ValidationError} when the schema is not trades (or mixed) or a column is short
   */
  encodeTrades(cols: TradeColumns): Uint8Array {
    this.#allow("trades", Schema.TRADES);
    return bytesOf(encodeTradeLike(cols, TRADE_WORDS));
  }

  /**
   * Encodes Mbp1Msg records (80 bytes each), as in MBP-1 and TBBO files.
   * @throws {ValidationError} when the schema is not mbp-1/tbbo (or mixed) or a column is short
   */
  encodeMbp1(cols: Mbp1Columns): Uint8Array {
    this.#allow("mbp-1 records", Schema.MBP_1, Schema.TBBO);
    return bytesOf(encodeMbp1Records(cols));
  }

  /**
   * Encodes OhlcvMsg records (56 bytes each).
   * @throws {ValidationError} when the schema is not an OHLCV one (or mixed) or a column is short
   */
  encodeOhlcv(cols: OhlcvColumns): Uint8Array {
    this.#allow("ohlcv", Schema.OHLCV_1S, Schema.OHLCV_1M, Schema.OHLCV_1H, Schema.OHLCV_1D);
    return bytesOf(encodeOhlcvRecords(cols));
  }

  /** Encodes every set part of a batch, in the order trades, mbp1, ohlcv. */
  encodeBatch(batch: EncoderBatch): Uint8Array[] {
    if (batch.control && batch.control.length > 0) {
      throw new ValidationError("control records cannot be encoded");
    }
    const out: Uint8Array[] = [];
    if (batch.trades) out.push(this.encodeTrades(batch.trades));
    if (batch.mbp1) out.push(this.encodeMbp1(batch.mbp1));
    if (batch.ohlcv) out.push(this.encodeOhlcv(batch.ohlcv));
    return out;
  }

  #allow(kind: string, ...schemas: number[]): void {
    const s = this.#meta.schema;
    if (s !== null && !schemas.includes(s)) {
      throw new ValidationError(`${kind} cannot be written into a file of schema ${s}`);
    }
  }
}

/**
 * Encodes a whole uncompressed DBN stream in memory.
 * @param meta the metadata
 * @param batches record batches, in file order
 * @returns header followed by all records
 * @example Header of an empty trades file
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = encodeDbn({ version: 3, dataset: "XNAS.ITCH", schema: 4, start: 0n, end: null,
 *   stypeIn: 1, stypeOut: 0 }, []);
 * assert.equal(new TextDecoder().decode(bytes.subarray(0, 3)), "DBN");
 * assert.equal(bytes.length % 8, 0);
 * ```
 */
export function encodeDbn(meta: EncoderMetadata, batches: Iterable<EncoderBatch>): Uint8Array {
  const enc = new DbnEncoder(meta);
  const parts = [enc.header()];
  for (const b of batches) parts.push(...enc.encodeBatch(b));
  return concat(parts);
}

/**
 * Streams a DBN file to disk with bounded memory: batches are encoded and compressed one at a
 * time into a temp file beside `path`, renamed to `path` only after the last byte is written.
 */
export class DbnFileWriter {
  readonly #enc: DbnEncoder;
  readonly #path: string;
  readonly #tmp: string;
  readonly #file: Deno.FsFile;
  readonly #z: ReturnType<typeof createZstdCompress> | null;
  readonly #pump: Promise<void>;
  #records = 0;
  #rawBytes = 0;
  #fileBytes = 0;
  #done = false;

  private constructor(
    enc: DbnEncoder,
    path: string,
    tmp: string,
    file: Deno.FsFile,
    z: ReturnType<typeof createZstdCompress> | null,
  ) {
    this.#enc = enc;
    this.#path = path;
    this.#tmp = tmp;
    this.#file = file;
    this.#z = z;
    this.#pump = z ? this.#drainCompressed(z) : Promise.resolve();
    // A failed pump is reported by write()/close(); this keeps it from being unhandled first.
    this.#pump.catch(() => {});
  }

  /**
   * Opens a temp file beside `path` and writes the header.
   * @param path final file name
   * @param meta the metadata
   * @param opts compression
   * @throws {ValidationError} when the metadata or the level is invalid
   */
  static async create(
    path: string,
    meta: EncoderMetadata,
    opts: DbnWriteOptions = {},
  ): Promise<DbnFileWriter> {
    const enc = new DbnEncoder(meta);
    const zstd = opts.zstd ?? path.endsWith(".zst");
    const level = opts.level ?? 3;
    if (!Number.isInteger(level) || level < 1 || level > 22) {
      throw new ValidationError(`zstd level must be an integer in 1..22, got ${level}`);
    }
    const tmp = await Deno.makeTempFile({
      dir: dirname(path),
      prefix: `.${basename(path)}.`,
      suffix: ".tmp",
    });
    const file = await Deno.open(tmp, { write: true, truncate: true });
    const z = zstd
      ? createZstdCompress({
        chunkSize: 1 << 20,
        params: { [zc.ZSTD_c_compressionLevel]: level, [zc.ZSTD_c_checksumFlag]: 1 },
      })
      : null;
    const writer = new DbnFileWriter(enc, path, tmp, file, z);
    await writer.#push(enc.header());
    return writer;
  }

  /** Encodes and writes one batch; resolves once the compressor has taken it. */
  async write(batch: EncoderBatch): Promise<void> {
    if (this.#done) throw new HewstonError("WRITER_CLOSED", `${this.#path}: writer is closed`);
    const parts = this.#enc.encodeBatch(batch);
    this.#records += (batch.trades?.length ?? 0) + (batch.mbp1?.length ?? 0) +
      (batch.ohlcv?.length ?? 0);
    for (const part of parts) await this.#push(part);
  }

  /** Finishes the stream and renames the temp file to the final path. */
  async close(): Promise<DbnWriteResult> {
    if (this.#done) throw new HewstonError("WRITER_CLOSED", `${this.#path}: writer is closed`);
    this.#done = true;
    try {
      const z = this.#z;
      if (z) {
        // Flushing before ending emits the same block layout as Databento's encoder.
        await new Promise<void>((resolve) => z.flush(zc.ZSTD_e_flush, () => resolve()));
        z.end();
        await this.#pump;
      }
      this.#file.close();
      // Temp files are created 0600; the result is an ordinary data file.
      if (Deno.build.os !== "windows") await Deno.chmod(this.#tmp, 0o644);
      await Deno.rename(this.#tmp, this.#path);
    } catch (err) {
      await this.#discard();
      throw err;
    }
    return {
      path: this.#path,
      records: this.#records,
      rawBytes: this.#rawBytes,
      fileBytes: this.#fileBytes,
    };
  }

  /** Abandons the file: nothing appears under the final name. */
  async abort(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#z?.destroy();
    await this.#pump.catch(() => {});
    await this.#discard();
  }

  async #push(bytes: Uint8Array): Promise<void> {
    this.#rawBytes += bytes.length;
    const z = this.#z;
    if (!z) {
      await writeAll(this.#file, bytes);
      this.#fileBytes += bytes.length;
      return;
    }
    if (!z.write(bytes)) await Promise.race([once(z, "drain"), this.#pump]);
  }

  async #drainCompressed(z: ReturnType<typeof createZstdCompress>): Promise<void> {
    try {
      for await (const chunk of z) {
        await writeAll(this.#file, chunk as Uint8Array);
        this.#fileBytes += (chunk as Uint8Array).length;
      }
    } catch (err) {
      z.destroy();
      throw err;
    }
  }

  async #discard(): Promise<void> {
    try {
      this.#file.close();
    } catch { /* already closed */ }
    await Deno.remove(this.#tmp).catch(() => {});
  }
}

/**
 * Writes a DBN file from a (possibly async) sequence of batches, one batch in memory at a time.
 * @param path final path; a crash leaves at most a hidden `.<name>.*.tmp` beside it
 * @param meta the metadata
 * @param batches record batches in file order
 * @param opts compression (zstd by default when `path` ends in `.zst`)
 * @returns counts and sizes of the written file
 */
export async function writeDbnFile(
  path: string,
  meta: EncoderMetadata,
  batches: AsyncIterable<EncoderBatch> | Iterable<EncoderBatch>,
  opts: DbnWriteOptions = {},
): Promise<DbnWriteResult> {
  const w = await DbnFileWriter.create(path, meta, opts);
  try {
    for await (const b of batches) await w.write(b);
  } catch (err) {
    await w.abort();
    throw err;
  }
  return await w.close();
}

/**
 * Encodes the metadata header (prelude, fixed part, symbol sections, v3 padding).
 * @throws {ValidationError} when a field does not fit its encoding
 */
export function encodeHeader(meta: EncoderMetadata): Uint8Array {
  const v = meta.version;
  if (v !== 1 && v !== 2 && v !== 3) {
    throw new ValidationError(`DBN version must be 1, 2 or 3, got ${v}`);
  }
  if (meta.tsOut) throw new ValidationError("ts_out records are not supported by the encoder");
  const symLen = meta.symbolCstrLen ?? (v === 1 ? 22 : 71);
  if (v === 1 ? symLen !== 22 : !Number.isInteger(symLen) || symLen < 2 || symLen > 0xffff) {
    throw new ValidationError(`symbol_cstr_len ${symLen} is invalid for DBN version ${v}`);
  }
  const symbols = meta.symbols ?? [];
  const partial = meta.partial ?? [];
  const notFound = meta.notFound ?? [];
  const mappings = meta.mappings ?? [];
  let size = 8 + 100 + 4 + 3 * 4 + (symbols.length + partial.length + notFound.length) * symLen;
  size += 4;
  for (const m of mappings) size += symLen + 4 + m.intervals.length * (8 + symLen);
  if (v === 3) size = 8 + Math.ceil((size - 8) / 8) * 8;

  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set([0x44, 0x42, 0x4e, v], 0);
  dv.setUint32(4, size - 8, true);
  putCstr(out, 8, 16, meta.dataset, "dataset");
  dv.setUint16(24, meta.schema ?? 0xffff, true);
  dv.setBigUint64(26, u64(meta.start, "start"), true);
  dv.setBigUint64(34, meta.end === null ? U64_MAX : u64(meta.end, "end"), true);
  dv.setBigUint64(42, u64(meta.limit ?? 0n, "limit"), true);
  let o = 50;
  if (v === 1) {
    dv.setBigUint64(o, U64_MAX, true);
    o += 8;
  }
  out[o] = u8(meta.stypeIn ?? 0xff, "stype_in");
  out[o + 1] = u8(meta.stypeOut, "stype_out");
  out[o + 2] = 0;
  if (v !== 1) dv.setUint16(o + 3, symLen, true);
  o = 108;
  dv.setUint32(o, 0, true);
  o += 4;
  for (const list of [symbols, partial, notFound]) {
    dv.setUint32(o, list.length, true);
    o += 4;
    for (const s of list) o = putCstr(out, o, symLen, s, "symbol");
  }
  dv.setUint32(o, mappings.length, true);
  o += 4;
  for (const m of mappings) {
    o = putCstr(out, o, symLen, m.rawSymbol, "raw_symbol");
    dv.setUint32(o, m.intervals.length, true);
    o += 4;
    for (const iv of m.intervals) {
      dv.setUint32(o, yyyymmdd(iv.startDate), true);
      dv.setUint32(o + 4, yyyymmdd(iv.endDate), true);
      o = putCstr(out, o + 8, symLen, iv.symbol, "mapped symbol");
    }
  }
  return out;
}

function checkColumns(cols: object, n: number): void {
  for (const [name, col] of Object.entries(cols)) {
    if (ArrayBuffer.isView(col) && (col as Uint8Array).length < n) {
      throw new ValidationError(`column ${name} holds ${(col as Uint8Array).length} of ${n} rows`);
    }
  }
}

function encodeTradeLike(c: TradeColumns, words: number): Uint32Array {
  const n = c.length;
  checkColumns(c, n);
  const w = new Uint32Array(n * words);
  const tsEvent = words64(c.tsEvent), price = words64(c.price), tsRecv = words64(c.tsRecv);
  for (let i = 0, b = 0, j = 0; i < n; i++, b += words, j += 2) {
    w[b] = words | c.rtype[i] << 8 | c.publisherId[i] << 16;
    w[b + 1] = c.instrumentId[i];
    w[b + 2] = tsEvent[j];
    w[b + 3] = tsEvent[j + 1];
    w[b + 4] = price[j];
    w[b + 5] = price[j + 1];
    w[b + 6] = c.size[i];
    w[b + 7] = c.action[i] | c.side[i] << 8 | c.flags[i] << 16 | c.depth[i] << 24;
    w[b + 8] = tsRecv[j];
    w[b + 9] = tsRecv[j + 1];
    w[b + 10] = c.tsInDelta[i];
    w[b + 11] = c.sequence[i];
  }
  return w;
}

function encodeMbp1Records(c: Mbp1Columns): Uint32Array {
  const w = encodeTradeLike(c, MBP1_WORDS);
  const bidPx = words64(c.bidPx), askPx = words64(c.askPx);
  for (let i = 0, b = 0, j = 0; i < c.length; i++, b += MBP1_WORDS, j += 2) {
    w[b + 12] = bidPx[j];
    w[b + 13] = bidPx[j + 1];
    w[b + 14] = askPx[j];
    w[b + 15] = askPx[j + 1];
    w[b + 16] = c.bidSz[i];
    w[b + 17] = c.askSz[i];
    w[b + 18] = c.bidCt[i];
    w[b + 19] = c.askCt[i];
  }
  return w;
}

function encodeOhlcvRecords(c: OhlcvColumns): Uint32Array {
  const n = c.length;
  checkColumns(c, n);
  const w = new Uint32Array(n * OHLCV_WORDS);
  const cols = [c.tsEvent, c.open, c.high, c.low, c.close, c.volume].map(words64);
  for (let i = 0, b = 0; i < n; i++, b += OHLCV_WORDS) {
    w[b] = OHLCV_WORDS | c.rtype[i] << 8 | c.publisherId[i] << 16;
    w[b + 1] = c.instrumentId[i];
    for (let k = 0; k < 6; k++) {
      w[b + 2 + 2 * k] = cols[k][2 * i];
      w[b + 3 + 2 * k] = cols[k][2 * i + 1];
    }
  }
  return w;
}

/** Views a 64-bit column as little-endian u32 word pairs, without copying. */
function words64(a: BigInt64Array | BigUint64Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
}

function putCstr(out: Uint8Array, at: number, len: number, s: string, what: string): number {
  const bytes = UTF8.encode(s);
  if (bytes.length >= len) {
    throw new ValidationError(`${what} "${s}" is longer than ${len - 1} bytes`);
  }
  out.set(bytes, at);
  return at + len;
}

function yyyymmdd(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new ValidationError(`mapping date must be YYYY-MM-DD, got "${date}"`);
  return Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
}

function u64(x: bigint, what: string): bigint {
  if (x < 0n || x > U64_MAX) throw new ValidationError(`${what} ${x} does not fit in u64`);
  return x;
}

function u8(x: number, what: string): number {
  if (!Number.isInteger(x) || x < 0 || x > 255) {
    throw new ValidationError(`${what} ${x} does not fit in u8`);
  }
  return x;
}

function bytesOf(w: Uint32Array): Uint8Array {
  return new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let o = 0;
  while (o < bytes.length) o += await file.write(bytes.subarray(o));
}
