/**
 * @module
 * Streaming DBN decoder: a file path or a stream of byte chunks in, the metadata and
 * columnar {@link DbnBatch}es out, with memory bounded whatever the input size.
 *
 * The input kind is detected from its first bytes (`dbn-format.md` §0): `28 B5 2F FD` is zstd
 * (any number of frames, see `zstd_frames.ts`), `"DBN"` is plain, a skippable frame holding
 * `"DBZ"` is the legacy DBZ format and is refused. Plain files are read straight into the
 * record decoder's aligned work buffer (no copy); zstd output is copied into it.
 */
import type { DbnBatch, DbnMetadata, DbnReader } from "./types.ts";
import { DecodeError, NotFoundError } from "../../domain/errors.ts";
import { schemaName } from "./codes.ts";
import { decodeMetadata, isLegacyDbz, metadataSize, PRELUDE_LEN } from "./metadata.ts";
import { RecordDecoder, type RecordDecoderOptions } from "./records.ts";
import { type NextChunk, Reader } from "./_reader.ts";
import { concat, zstdDecompressAll, zstdDecompressStream } from "./zstd_frames.ts";

export type { DbnReader } from "./types.ts";

/** Options of {@link openDbn}, {@link openDbnStream} and {@link decodeDbnBytes}. */
export interface OpenDbnOptions extends RecordDecoderOptions {
  /**
   * Schema code the caller needs (see `Schema` in `types.ts`); a file holding another schema
   * fails with "schema mismatch" at open.
   */
  expectSchema?: number;
  /** Bytes per file read. @default 4 MiB */
  chunkBytes?: number;
}

const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const DEFAULT_CHUNK = 4 * 1024 * 1024;
/** Bytes needed to tell DBN, zstd and DBZ apart. */
const SNIFF_LEN = 11;

/**
 * Opens a DBN file (plain or zstd, versions 1–3) and decodes its metadata.
 * @param path file path
 * @param opts expected schema, batch size, read size, batch reuse
 * @returns a reader whose `batches()` streams the records
 * @throws {DecodeError} bad magic, legacy DBZ, unsupported version, bad or truncated
 *   metadata, schema mismatch
 * @throws {NotFoundError} code `FILE_NOT_FOUND` when the file does not exist
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = new URL("../../../../shared/data/dbn/test_data.tbbo.v3.dbn.zst", import.meta.url);
 * const reader = await openDbn(path.pathname, { expectSchema: 3 });
 * let n = 0;
 * for await (const batch of reader.batches()) n += batch.mbp1!.length;
 * assert.equal(n, 2);
 * ```
 */
export async function openDbn(path: string, opts: OpenDbnOptions = {}): Promise<DbnReader> {
  const chunkBytes = Math.max(64 * 1024, opts.chunkBytes ?? DEFAULT_CHUNK);
  const fs = await openFile(path);
  let reader: DbnReader | undefined;
  try {
    const totalBytes = (await fs.stat()).size;
    let bytesRead = 0;
    const readChunk: NextChunk = async () => {
      const buf = new Uint8Array(chunkBytes);
      const n = await fs.read(buf);
      if (n === null) return null;
      bytesRead += n;
      return buf.subarray(0, n);
    };
    const head = await sniff(readChunk);
    if (isZstd(head)) {
      const compressedChunks = async function* (): AsyncGenerator<Uint8Array> {
        if (head.length > 0) yield head;
        // The frame scanner copies what it keeps, so one read buffer serves every chunk.
        const buf = new Uint8Array(chunkBytes);
        for (;;) {
          const n = await fs.read(buf);
          if (n === null) return;
          bytesRead += n;
          yield buf.subarray(0, n);
        }
      };
      reader = await openDecompressed(
        path,
        zstdDecompressStream(compressedChunks(), path),
        totalBytes,
        chunkBytes,
        opts,
        () => fs.close(),
        () => bytesRead,
      );
      return reader;
    }
    const { metadata, recordsOffset, rest } = await readHeader(path, head, readChunk, opts);
    const headBytes = bytesRead;
    const r: Reader = new Reader(
      path,
      metadata,
      recordsOffset,
      false,
      totalBytes,
      rest,
      {
        fs,
        chunkBytes,
        onClose: () => fs.close(),
      },
      opts,
      headBytes,
    );
    reader = r;
    return r;
  } finally {
    if (!reader) fs.close();
  }
}

/**
 * Opens a DBN stream given as byte chunks (e.g. an HTTP response body), plain or zstd.
 * Chunks must not be modified after they are yielded.
 * @param chunks the input bytes in order
 * @param opts as {@link openDbn}, plus `file`: the label used in errors
 * @returns a reader whose `batches()` streams the records
 * @throws {DecodeError} as {@link openDbn}
 */
export async function openDbnStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: OpenDbnOptions & { file?: string } = {},
): Promise<DbnReader> {
  const file = opts.file ?? "<stream>";
  const chunkBytes = Math.max(64 * 1024, opts.chunkBytes ?? DEFAULT_CHUNK);
  const it = (Symbol.asyncIterator in chunks)
    ? chunks[Symbol.asyncIterator]()
    : (chunks as Iterable<Uint8Array>)[Symbol.iterator]();
  let bytesRead = 0;
  const next: NextChunk = async () => {
    const r = await it.next();
    if (r.done) return null;
    bytesRead += r.value.length;
    return r.value;
  };
  const stop = () => void it.return?.();
  let reader: DbnReader | undefined;
  try {
    const head = await sniff(next);
    if (isZstd(head)) {
      const compressed = async function* (): AsyncGenerator<Uint8Array> {
        if (head.length > 0) yield head;
        for (let c = await next(); c !== null; c = await next()) yield c;
      };
      reader = await openDecompressed(
        file,
        zstdDecompressStream(compressed(), file),
        null,
        chunkBytes,
        opts,
        stop,
        () => bytesRead,
      );
    } else {
      const { metadata, recordsOffset, rest } = await readHeader(file, head, next, opts);
      reader = new Reader(file, metadata, recordsOffset, false, null, rest, {
        next,
        chunkBytes,
        onClose: stop,
        progress: () => bytesRead,
      }, opts);
    }
    return reader;
  } finally {
    if (!reader) stop();
  }
}

/**
 * Decodes a whole in-memory DBN input (plain or zstd, any number of frames) at once.
 * Convenient for tests and small inputs; use {@link openDbn} for files.
 * @param bytes the input
 * @param file label used in errors
 * @param opts expected schema, batch size
 * @returns the metadata, the first record's offset and every batch
 * @throws {DecodeError} as {@link openDbn}, plus truncated or corrupt records
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = Deno.readFileSync(
 *   new URL("../../../../shared/data/dbn/test_data.trades.v1.dbn.zst", import.meta.url),
 * );
 * const { metadata, batches } = decodeDbnBytes(bytes);
 * assert.equal(metadata.version, 1);
 * assert.equal(batches[0].trades!.size[1], 21);
 * ```
 */
export function decodeDbnBytes(
  bytes: Uint8Array,
  file = "<bytes>",
  opts: OpenDbnOptions = {},
): { metadata: DbnMetadata; recordsOffset: number; batches: DbnBatch[] } {
  if (isLegacyDbz(bytes)) metadataSize(bytes, file); // throws the legacy-DBZ error
  const plain = isZstd(bytes) ? zstdDecompressAll(bytes, file) : bytes;
  const { metadata, recordsOffset } = decodeMetadata(plain, file);
  checkSchema(file, metadata, opts.expectSchema);
  const dec = new RecordDecoder(file, recordsOffset, {
    ...opts,
    reuseBatches: false,
    bufferBytes: opts.bufferBytes ??
      Math.min(DEFAULT_CHUNK, Math.max(0, plain.length - recordsOffset)),
  });
  const batches: DbnBatch[] = [];
  let rest = plain.subarray(recordsOffset);
  let b: DbnBatch | null;
  while (rest.length > 0) {
    rest = rest.subarray(dec.push(rest));
    while ((b = dec.next()) !== null) batches.push(b);
  }
  const last = dec.finish();
  if (last) batches.push(last);
  return { metadata, recordsOffset, batches };
}

/** Opens a file for reading; a missing file is a NotFoundError naming it. */
async function openFile(path: string): Promise<Deno.FsFile> {
  try {
    return await Deno.open(path, { read: true });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new NotFoundError("FILE_NOT_FOUND", `${path}: no such file`);
    }
    throw err;
  }
}

/** zstd magic, or a skippable frame that is not DBZ (a standard decoder skips it). */
function isZstd(head: Uint8Array): boolean {
  if (head.length >= 4 && ZSTD.every((b, i) => head[i] === b)) return true;
  return head.length >= 4 && (head[0] & 0xf0) === 0x50 && head[1] === 0x2a &&
    head[2] === 0x4d && head[3] === 0x18 && !isLegacyDbz(head);
}

/** Reads until enough bytes to identify the input (or its end). */
async function sniff(next: NextChunk): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  while (n < SNIFF_LEN) {
    const c = await next();
    if (c === null) break;
    parts.push(c);
    n += c.length;
  }
  return parts.length === 0 ? new Uint8Array(0) : concat(parts);
}

/** Collects the metadata header from the chunks and decodes it. */
async function readHeader(
  file: string,
  head: Uint8Array,
  next: NextChunk,
  opts: OpenDbnOptions,
): Promise<{ metadata: DbnMetadata; recordsOffset: number; rest: Uint8Array }> {
  const parts = [head];
  let have = head.length;
  let size = PRELUDE_LEN;
  for (;;) {
    if (have >= PRELUDE_LEN && size === PRELUDE_LEN) {
      size = metadataSize(parts.length === 1 ? parts[0] : concat(parts), file);
    }
    if (have >= size) break;
    const c = await next();
    if (c === null) break;
    parts.push(c);
    have += c.length;
  }
  const bytes = concat(parts);
  const { metadata, recordsOffset } = decodeMetadata(bytes, file);
  checkSchema(file, metadata, opts.expectSchema);
  return { metadata, recordsOffset, rest: bytes.subarray(recordsOffset) };
}

async function openDecompressed(
  file: string,
  plain: AsyncGenerator<Uint8Array>,
  totalBytes: number | null,
  chunkBytes: number,
  opts: OpenDbnOptions,
  onClose: () => void,
  progress: () => number,
): Promise<Reader> {
  const next: NextChunk = async () => {
    const r = await plain.next();
    return r.done ? null : r.value;
  };
  try {
    const { metadata, recordsOffset, rest } = await readHeader(file, new Uint8Array(0), next, opts);
    return new Reader(file, metadata, recordsOffset, true, totalBytes, rest, {
      next,
      chunkBytes,
      onClose: () => {
        void plain.return(undefined);
        onClose();
      },
      progress,
    }, opts);
  } catch (err) {
    await plain.return(undefined);
    throw err;
  }
}

function checkSchema(file: string, metadata: DbnMetadata, expect: number | undefined): void {
  if (expect === undefined || metadata.schema === expect) return;
  throw new DecodeError(
    file,
    24,
    `schema mismatch: expected ${schemaName(expect)}, file holds ${schemaName(metadata.schema)}`,
  );
}
