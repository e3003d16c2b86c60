/**
 * @module
 * The record walker: turns the decompressed bytes after the metadata header into columnar
 * {@link DbnBatch}es (`dbn-format.md` §2).
 *
 * Bytes are copied (or read directly) into one 8-byte-aligned work buffer, placed so that
 * every record starts on a 4-byte boundary whatever the header length (v1/v2 headers are not
 * padded). Records are then read as 32-bit words and 64-bit fields are written into their
 * columns as two u32 halves: no DataView, no BigInt. A record cut at a chunk boundary stays
 * in the buffer as the tail (< 1 KiB) and is completed by the next chunk, so memory is the
 * work buffer plus the batches in flight.
 *
 * Records are walked by their length byte (`length * 4` bytes, so ts_out suffixes are
 * skipped naturally). Handled: TradeMsg 0x00, Mbp1Msg 0x01, OhlcvMsg 0x11 and 0x20–0x24,
 * ErrorMsg 0x15, SymbolMappingMsg 0x16 and SystemMsg 0x17 (v1 or v2/v3 layout chosen by
 * record size). Other rtypes are skipped and counted in {@link RecordDecoder.skipped}.
 *
 * The columns of one batch are views into a single ArrayBuffer (one allocation per batch):
 * view them with their `byteOffset` (e.g. `halves()` of `fixed_point.ts`), never as
 * `new Uint32Array(col.buffer)`.
 */
import type { ControlRecord, DbnBatch } from "./types.ts";
import { DecodeError } from "../../domain/errors.ts";
import { Mbp1Builder, OhlcvBuilder, TradeBuilder } from "./_columns.ts";
import { controlRecord, mbp1Run, ohlcvRun, tradeRun } from "./_record_runs.ts";

/** Options of a {@link RecordDecoder}. */
export interface RecordDecoderOptions {
  /** Most records per batch. @default 65536 */
  batchRecords?: number;
  /** Size of the work buffer, i.e. the most bytes taken per {@link RecordDecoder.writable}. @default 4 MiB */
  bufferBytes?: number;
  /**
   * Recycle batch memory: a batch is then valid only until the next call of `next()`.
   * @default false
   */
  reuseBatches?: boolean;
}

const K_SKIP = 0;
const K_TRADE = 1;
const K_MBP1 = 2;
const K_OHLCV = 3;
const K_CONTROL = 4;

/** Capacity of the builders used while record kinds interleave. */
const SMALL_CAP = 256;

/** Record kind of each rtype. */
const KIND = new Uint8Array(256);
KIND[0x00] = K_TRADE;
KIND[0x01] = K_MBP1;
KIND[0x11] = K_OHLCV;
for (let r = 0x20; r <= 0x24; r++) KIND[r] = K_OHLCV;
KIND[0x15] = K_CONTROL;
KIND[0x16] = K_CONTROL;
KIND[0x17] = K_CONTROL;

/** Smallest record size (bytes) of each kind. */
const MIN_LEN = [16, 48, 80, 56, 80];

/** Room kept before the read position of an {@link AlignedBuffer} for the previous tail. */
export const TAIL_ROOM = 1024;

/** A work buffer with its byte and word views (8-byte aligned: it starts an ArrayBuffer). */
export interface AlignedBuffer {
  u8: Uint8Array;
  u32: Uint32Array;
  i32: Int32Array;
}

/**
 * Allocates an {@link AlignedBuffer} able to take `bytes` after {@link TAIL_ROOM}.
 * @param bytes the largest read that will land in it
 * @returns the buffer and its views
 */
export function allocAligned(bytes: number): AlignedBuffer {
  const buf = new ArrayBuffer((TAIL_ROOM + bytes + 8) & ~7);
  return { u8: new Uint8Array(buf), u32: new Uint32Array(buf), i32: new Int32Array(buf) };
}

/**
 * Incremental decoder of DBN records into columnar batches. Feed bytes with
 * {@link writable}/{@link commit} (zero-copy reads) or {@link push}, then drain
 * {@link next} until it returns null; at end of input call {@link finish}.
 */
export class RecordDecoder {
  /** Records of rtypes this decoder does not handle, skipped so far. */
  skipped = 0;
  /** Records decoded so far (all kinds). */
  records = 0;

  private u8: Uint8Array;
  private u32: Uint32Array;
  private i32: Int32Array;
  private pos = 0;
  private end = 0;
  private base: number;
  private readonly firstRecord: number;
  private readonly cap: number;
  private readonly reuse: boolean;
  private kind = K_SKIP;
  private trade: TradeBuilder | null = null;
  private mbp1: Mbp1Builder | null = null;
  private ohlcv: OhlcvBuilder | null = null;
  private control: ControlRecord[] | null = null;
  private controlOffset = 0;
  private lent: (TradeBuilder | OhlcvBuilder)[] = [];
  /** Spare builders by kind; indices 4..7 hold the small ones used for interleaved kinds. */
  private readonly pool: (TradeBuilder | OhlcvBuilder)[][] = [[], [], [], [], [], [], [], []];
  /**
   * True while record kinds interleave (a batch ended by a kind change held few records):
   * then builders are small, so a file alternating kinds does not allocate a full-size
   * batch per record.
   */
  private interleaved = false;

  /**
   * @param file path or label for errors
   * @param recordsOffset offset of the first record in the decompressed stream (8 + length)
   * @param opts batch size, buffer size, batch reuse
   */
  constructor(
    private readonly file: string,
    recordsOffset: number,
    opts: RecordDecoderOptions = {},
  ) {
    this.cap = Math.max(1, opts.batchRecords ?? 65536);
    this.reuse = opts.reuseBatches ?? false;
    const own = allocAligned(Math.max(64 * 1024, opts.bufferBytes ?? 4 * 1024 * 1024));
    this.u8 = own.u8;
    this.u32 = own.u32;
    this.i32 = own.i32;
    this.base = recordsOffset;
    this.firstRecord = recordsOffset;
  }

  /** Offset in the decompressed stream of the first byte not yet decoded. */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * Free space to fill with the next input bytes (then call {@link commit}). Moves the
   * undecoded tail to the buffer start first; drain {@link next} before calling.
   * @returns a view into the work buffer, at least 64 KiB long
   */
  writable(): Uint8Array {
    if (this.pos > 0) {
      this.u8.copyWithin(0, this.pos, this.end);
      this.base += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    return this.u8.subarray(this.end);
  }

  /**
   * Declares that `n` bytes were written at the start of the last {@link writable} view.
   * @param n bytes written
   */
  commit(n: number): void {
    this.end += n;
  }

  /**
   * Copies up to the free space of `bytes` into the work buffer.
   * @param bytes input bytes
   * @returns how many bytes were taken; call {@link next} until null, then push the rest
   */
  push(bytes: Uint8Array): number {
    const w = this.writable();
    const n = Math.min(w.length, bytes.length);
    w.set(n === bytes.length ? bytes : bytes.subarray(0, n));
    this.end += n;
    return n;
  }

  /**
   * Where a read of the stream bytes starting at `streamOffset` must land in an
   * {@link AlignedBuffer} so that {@link feedInPlace} keeps records 4-byte aligned.
   * @param streamOffset offset in the decompressed stream of the first byte to read
   * @returns the index to read into (at least {@link TAIL_ROOM})
   */
  readIndex(streamOffset: number): number {
    return TAIL_ROOM + ((streamOffset - this.firstRecord) & 3);
  }

  /**
   * Switches to bytes read straight into an aligned buffer at `start` (see
   * {@link readIndex}); the undecoded tail is copied in front of them. Lets a reader fill
   * one buffer while the other is decoded. Drain {@link next} first; do not use
   * {@link push} afterwards.
   * @param buf the buffer holding the new bytes
   * @param start index of the first new byte
   * @param n number of new bytes
   */
  feedInPlace(buf: AlignedBuffer, start: number, n: number): void {
    const tail = this.end - this.pos;
    const dst = start - tail;
    if (dst < 0 || (dst & 3) !== 0) throw new Error(`misaligned feed (${dst})`);
    if (tail > 0) buf.u8.set(this.u8.subarray(this.pos, this.end), dst);
    this.base += this.pos - dst;
    this.u8 = buf.u8;
    this.u32 = buf.u32;
    this.i32 = buf.i32;
    this.pos = dst;
    this.end = start + n;
  }

  /**
   * Decodes buffered records until a batch is complete.
   * @returns a full batch (or a partial one when the record kind changes), or null when the
   *   buffered bytes hold no further complete record
   * @throws {DecodeError} impossible record length, record too short for its rtype
   */
  next(): DbnBatch | null {
    if (this.lent.length > 0) this.recycle();
    const u8 = this.u8;
    const end = this.end;
    let pos = this.pos;
    while (pos < end) {
      const len = u8[pos] << 2;
      if (len < 16) {
        this.pos = pos;
        throw new DecodeError(
          this.file,
          this.base + pos,
          `impossible record length ${len} bytes (length byte ${
            u8[pos]
          }; a record holds at least 16)`,
        );
      }
      if (end - pos < len) break;
      const rtype = u8[pos + 1];
      const kind = KIND[rtype];
      if (kind === K_SKIP) {
        pos += len;
        this.skipped++;
        continue;
      }
      if (len < MIN_LEN[kind]) {
        this.pos = pos;
        throw new DecodeError(
          this.file,
          this.base + pos,
          `record of ${len} bytes is too short for rtype 0x${
            rtype.toString(16).padStart(2, "0")
          } (needs ${MIN_LEN[kind]})`,
        );
      }
      if (kind !== this.kind) {
        if (this.kind !== K_SKIP) {
          this.pos = pos;
          const current = this.kind === K_CONTROL ? null : (this.trade ?? this.mbp1 ?? this.ohlcv)!;
          this.interleaved = current !== null && current.n < SMALL_CAP;
          return this.flush();
        }
        this.start(kind, this.base + pos);
      }
      let full: boolean;
      if (kind === K_MBP1) {
        const b = this.mbp1!;
        const before = b.n;
        pos = mbp1Run(b, u8, this.u32, this.i32, pos, end);
        this.records += b.n - before;
        full = b.n === b.cap;
      } else if (kind === K_TRADE) {
        const b = this.trade!;
        const before = b.n;
        pos = tradeRun(b, u8, this.u32, this.i32, pos, end);
        this.records += b.n - before;
        full = b.n === b.cap;
      } else if (kind === K_OHLCV) {
        const b = this.ohlcv!;
        const before = b.n;
        pos = ohlcvRun(b, u8, this.u32, pos, end);
        this.records += b.n - before;
        full = b.n === b.cap;
      } else {
        this.control!.push(controlRecord(u8, this.u32, pos, len));
        pos += len;
        this.records++;
        full = this.control!.length === this.cap;
      }
      if (full) {
        this.pos = pos;
        return this.flush();
      }
    }
    this.pos = pos;
    return null;
  }

  /**
   * Ends the input: returns the last partial batch, if any.
   * @returns the last batch or null
   * @throws {DecodeError} "truncated record" when the input stops inside a record
   */
  finish(): DbnBatch | null {
    const left = this.end - this.pos;
    if (left > 0) {
      const len = this.u8[this.pos] << 2;
      throw new DecodeError(
        this.file,
        this.base + this.pos,
        `truncated record (${left} of ${len} bytes)`,
      );
    }
    return this.kind === K_SKIP ? null : this.flush();
  }

  private start(kind: number, offset: number): void {
    this.kind = kind;
    if (kind === K_CONTROL) {
      this.control = [];
      this.controlOffset = offset;
      return;
    }
    const small = this.interleaved && this.cap > SMALL_CAP;
    const cap = small ? SMALL_CAP : this.cap;
    const pooled = this.pool[kind + (small ? 4 : 0)].pop();
    if (kind === K_TRADE) this.trade = (pooled as TradeBuilder) ?? new TradeBuilder(cap);
    else if (kind === K_MBP1) this.mbp1 = (pooled as Mbp1Builder) ?? new Mbp1Builder(cap);
    else this.ohlcv = (pooled as OhlcvBuilder) ?? new OhlcvBuilder(cap);
    const b = (this.trade ?? this.mbp1 ?? this.ohlcv)!;
    b.n = 0;
    b.offset = offset;
  }

  private flush(): DbnBatch {
    const kind = this.kind;
    this.kind = K_SKIP;
    let batch: DbnBatch;
    if (kind === K_CONTROL) {
      batch = { offset: this.controlOffset, control: this.control! };
      this.control = null;
      return batch;
    }
    const b = (this.trade ?? this.mbp1 ?? this.ohlcv)!;
    // A small batch that filled up means the kind runs long again: back to full size.
    if (b.cap === SMALL_CAP && b.n === b.cap) this.interleaved = false;
    if (kind === K_TRADE) batch = { offset: b.offset, trades: this.trade!.trades() };
    else if (kind === K_MBP1) batch = { offset: b.offset, mbp1: this.mbp1!.mbp1() };
    else batch = { offset: b.offset, ohlcv: this.ohlcv!.ohlcv() };
    this.trade = this.mbp1 = this.ohlcv = null;
    if (this.reuse) this.lent.push(b);
    return batch;
  }

  private recycle(): void {
    for (const b of this.lent) {
      const kind = b instanceof Mbp1Builder
        ? K_MBP1
        : b instanceof TradeBuilder
        ? K_TRADE
        : K_OHLCV;
      this.pool[kind + (b.cap === SMALL_CAP && this.cap > SMALL_CAP ? 4 : 0)].push(b);
    }
    this.lent = [];
  }
}
