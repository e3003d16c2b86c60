/**
 * @module
 * Incremental parser of zstd frame structure (RFC 8878 §3.1): finds where blocks and frames
 * end in a compressed stream without decompressing anything, and cuts it into units of
 * whole blocks for the native decoder (see `zstd_frames.ts`). Skippable frames
 * (0x184D2A50..5F) are dropped. Malformed structure is a {@link DecodeError} whose offset
 * counts compressed bytes.
 */
import { DecodeError } from "../../domain/errors.ts";

/** Most zstd blocks handed to the native decoder in one write. */
export const MAX_BLOCKS_PER_UNIT = 8;
/** Largest decompressed size of one block (RFC 8878 Block_Maximum_Size). */
export const MAX_BLOCK_SIZE = 128 * 1024;

const ZSTD_MAGIC = 0xfd2fb528;
const FCS_SIZES = [0, 2, 4, 8];
const DID_SIZES = [0, 1, 2, 4];

const enum St {
  Magic,
  Skip,
  Header,
  BlockHeader,
  BlockBody,
  LastBlockBody,
  Checksum,
}

/** A run of compressed bytes that ends on a block (or frame) boundary. */
export interface ZstdUnit {
  /** The bytes (a private copy). */
  bytes: Uint8Array;
  /** Compressed offset of `bytes[0]` in the whole input. */
  offset: number;
  /** Whole blocks the unit completes; it produces at most `blocks * 128 KiB` of output. */
  blocks: number;
  /** True when the unit starts a frame. */
  frameStart: boolean;
  /** True when the unit ends its frame (last block and checksum included). */
  frameEnd: boolean;
}

/**
 * Incremental parser of zstd frame structure: push compressed chunks, get {@link ZstdUnit}s.
 * It never decompresses; it only finds where blocks and frames end.
 */
export class ZstdFrameScanner {
  /** Frames completed so far (skippable frames not counted). */
  frames = 0;
  private buf = new Uint8Array(256 * 1024);
  private len = 0; // bytes held in buf
  private start = 0; // first byte of the unit being built
  private pos = 0; // parse position
  private base = 0; // input offset of buf[0]
  private state = St.Magic;
  private need = 0; // body bytes of the current block
  private skipLeft = 0;
  private hasChecksum = false;
  private blocks = 0;
  private unitStartsFrame = false;

  /**
   * @param file path or label for errors
   * @param maxBlocks most blocks per unit
   */
  constructor(private readonly file: string, private readonly maxBlocks = MAX_BLOCKS_PER_UNIT) {}

  /**
   * Takes the next compressed bytes (copied; the caller may reuse its buffer).
   * @param chunk compressed input
   * @returns units completed by this chunk, in order
   * @throws {DecodeError} bad frame magic, reserved bits or block type, oversized block
   */
  push(chunk: Uint8Array): ZstdUnit[] {
    this.append(chunk);
    const units: ZstdUnit[] = [];
    this.parse(units);
    if (this.blocks > 0) units.push(this.cut(false));
    return units;
  }

  /**
   * Declares the end of input.
   * @throws {DecodeError} when the input stops inside a frame
   */
  end(): void {
    if (this.state !== St.Magic || this.len > this.pos) {
      throw new DecodeError(
        this.file,
        this.base + this.len,
        "truncated zstd data (input ends inside a frame) in compressed input",
      );
    }
  }

  private append(chunk: Uint8Array): void {
    if (this.start > 0) {
      this.buf.copyWithin(0, this.start, this.len);
      this.len -= this.start;
      this.pos -= this.start;
      this.base += this.start;
      this.start = 0;
    }
    if (this.len + chunk.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  private fail(at: number, reason: string): never {
    throw new DecodeError(this.file, this.base + at, `${reason} in compressed input`);
  }

  private parse(units: ZstdUnit[]): void {
    const b = this.buf;
    for (;;) {
      const avail = this.len - this.pos;
      const p = this.pos;
      switch (this.state) {
        case St.Magic: {
          if (avail < 4) return;
          const magic = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
          if (magic === ZSTD_MAGIC) {
            this.pos = p + 4;
            this.unitStartsFrame = true;
            this.state = St.Header;
          } else if ((magic & 0xfffffff0) === 0x184d2a50) {
            if (avail < 8) return;
            this.skipLeft = (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>>
              0;
            this.pos = p + 8;
            this.start = this.pos; // skipped bytes never reach the native decoder
            this.state = St.Skip;
          } else {
            this.fail(p, `bad zstd frame magic 0x${magic.toString(16).padStart(8, "0")}`);
          }
          break;
        }
        case St.Skip: {
          const n = Math.min(avail, this.skipLeft);
          this.skipLeft -= n;
          this.pos = p + n;
          this.start = this.pos;
          if (this.skipLeft > 0) return;
          this.state = St.Magic;
          break;
        }
        case St.Header: {
          if (avail < 1) return;
          const fhd = b[p];
          if (fhd & 0x08) this.fail(p, "reserved bit set in zstd frame header");
          const single = (fhd >> 5) & 1;
          const fcsFlag = fhd >> 6;
          const size = 1 + (single ? 0 : 1) + DID_SIZES[fhd & 3] +
            (fcsFlag === 0 ? single : FCS_SIZES[fcsFlag]);
          if (avail < size) return;
          if ((fhd & 3) !== 0) this.fail(p, "zstd dictionaries are not supported");
          this.hasChecksum = ((fhd >> 2) & 1) === 1;
          this.pos = p + size;
          this.state = St.BlockHeader;
          break;
        }
        case St.BlockHeader: {
          if (avail < 3) return;
          const h = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
          const type = (h >> 1) & 3;
          const size = h >>> 3;
          if (type === 3) this.fail(p, "reserved zstd block type");
          if (size > MAX_BLOCK_SIZE) this.fail(p, `zstd block size ${size} exceeds 128 KiB`);
          this.need = type === 1 ? 1 : size;
          this.pos = p + 3;
          this.state = (h & 1) === 1 ? St.LastBlockBody : St.BlockBody;
          break;
        }
        case St.BlockBody:
        case St.LastBlockBody: {
          if (avail < this.need) return;
          this.pos = p + this.need;
          this.blocks++;
          if (this.state === St.BlockBody) {
            this.state = St.BlockHeader;
            if (this.blocks >= this.maxBlocks) units.push(this.cut(false));
          } else if (this.hasChecksum) {
            this.state = St.Checksum;
          } else {
            this.endFrame(units);
          }
          break;
        }
        case St.Checksum: {
          if (avail < 4) return;
          this.pos = p + 4;
          this.endFrame(units);
          break;
        }
      }
    }
  }

  private endFrame(units: ZstdUnit[]): void {
    this.state = St.Magic;
    this.frames++;
    units.push(this.cut(true));
  }

  private cut(frameEnd: boolean): ZstdUnit {
    const unit: ZstdUnit = {
      bytes: this.buf.slice(this.start, this.pos),
      offset: this.base + this.start,
      blocks: this.blocks,
      frameStart: this.unitStartsFrame,
      frameEnd,
    };
    this.start = this.pos;
    this.blocks = 0;
    this.unitStartsFrame = false;
    return unit;
  }
}
