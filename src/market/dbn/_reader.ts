/**
 * @module
 * The reader object of the streaming decoder (private to `src/market/dbn/`): owns the
 * record walker and the input, drives reads, yields batches, closes the input once.
 */
import type { DbnBatch, DbnMetadata, DbnReader } from "./types.ts";
import { HewstonError } from "../../domain/errors.ts";
import { allocAligned, RecordDecoder, type RecordDecoderOptions } from "./records.ts";

/** Gives the next input chunk, or null at the end. */
export type NextChunk = () => Promise<Uint8Array | null>;

/** Where a {@link Reader} gets its bytes after the metadata header. */
export interface ReaderSource {
  /** Plain file: read straight into the decoder's buffers. */
  fs?: Deno.FsFile;
  /** Bytes per read. */
  chunkBytes: number;
  /** Otherwise: the next decompressed (or plain) chunk. */
  next?: NextChunk;
  /** Releases the input. */
  onClose: () => void;
  /** Input bytes consumed, when counted outside (zstd, streams). */
  progress?: () => number;
}

/** The {@link DbnReader} behind `openDbn` and `openDbnStream`. */
export class Reader implements DbnReader {
  private readCount = 0;
  private decoder: RecordDecoder;
  private used = false;
  private closed = false;

  constructor(
    readonly file: string,
    readonly metadata: DbnMetadata,
    readonly recordsOffset: number,
    readonly compressed: boolean,
    readonly totalBytes: number | null,
    private rest: Uint8Array,
    private readonly source: ReaderSource,
    opts: RecordDecoderOptions,
    headBytes = 0,
  ) {
    this.readCount = headBytes;
    this.decoder = new RecordDecoder(file, recordsOffset, {
      ...opts,
      bufferBytes: opts.bufferBytes ?? (source.fs ? rest.length : source.chunkBytes),
    });
  }

  get bytesRead(): number {
    return this.source.progress ? this.source.progress() : this.readCount;
  }

  get records(): number {
    return this.decoder.records;
  }

  get skipped(): number {
    return this.decoder.skipped;
  }

  async *batches(): AsyncGenerator<DbnBatch> {
    if (this.used) {
      throw new HewstonError("DBN_READER_USED", `${this.file}: batches() already read`);
    }
    this.used = true;
    const dec = this.decoder;
    try {
      let b: DbnBatch | null;
      let chunk: Uint8Array | null = this.rest;
      this.rest = new Uint8Array(0);
      const { fs, chunkBytes, next } = this.source;
      while (chunk !== null) {
        while (chunk.length > 0) {
          chunk = chunk.subarray(dec.push(chunk));
          while ((b = dec.next()) !== null) yield b;
        }
        chunk = next ? await next() : null;
      }
      if (fs) yield* this.readInPlace(fs, chunkBytes);
      const last = dec.finish();
      if (last) yield last;
    } finally {
      this.close();
    }
  }

  /**
   * Reads the rest of a plain file into two alternating aligned buffers: the next read is
   * in flight while the current buffer is decoded, and no byte is copied except record
   * tails at buffer ends.
   */
  private async *readInPlace(fs: Deno.FsFile, chunkBytes: number): AsyncGenerator<DbnBatch> {
    const dec = this.decoder;
    const bufs = [allocAligned(chunkBytes), allocAligned(chunkBytes)];
    let which = 0;
    let offset = this.readCount; // plain file: stream offset = bytes read
    let start = dec.readIndex(offset);
    // Reads are marked handled at once: if the caller closes the reader while one is in
    // flight and never resumes the iteration, its rejection must not go unhandled.
    let pending: Promise<number | null> | null = handled(
      fs.read(bufs[0].u8.subarray(start, start + chunkBytes)),
    );
    try {
      for (;;) {
        const n: number | null = await pending;
        pending = null;
        if (n === null) return;
        this.readCount += n;
        offset += n;
        dec.feedInPlace(bufs[which], start, n);
        which ^= 1;
        start = dec.readIndex(offset);
        pending = handled(fs.read(bufs[which].u8.subarray(start, start + chunkBytes)));
        let b: DbnBatch | null;
        while ((b = dec.next()) !== null) yield b;
      }
    } finally {
      // A read still in flight must settle before the file closes, or it rejects unhandled.
      if (pending) await pending.catch(() => null);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.source.onClose();
  }
}

/** Returns `p` after attaching a no-op rejection handler (awaiting `p` still throws). */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}
