/**
 * @module
 * Multi-frame zstd decompression over Deno's native `node:zlib` decoder.
 *
 * Deno's zstd decoder stops after the first frame, so this module parses the frame structure
 * itself (RFC 8878 §3.1: magic, frame header, 3-byte block headers, optional checksum;
 * skippable frames 0x184D2A50..5F are dropped) and hands each frame to a fresh native
 * decoder. The compressed bytes go to the native decoder in units of whole blocks (at most
 * {@link MAX_BLOCKS_PER_UNIT}), so one write yields at most 128 KiB per block and memory stays
 * bounded for a single multi-GB frame.
 *
 * Why whole blocks: when one native write fills the decoder's output buffer, Deno continues
 * the write from a `process.nextTick` without a try/catch, so a corrupt-data error thrown
 * there escapes as an uncaught exception and the stream never settles. Knowing the largest
 * output of each write, {@link NativeFrame} gives the decoder a fresh output buffer whenever
 * the space left could be filled, which keeps every write on the path that reports errors
 * as stream errors. That guard uses the `_outOffset`/`_chunkSize`/`_outBuffer` fields of
 * Deno 2.9's zlib streams (the names of Node's `lib/zlib.js`); should they disappear, the
 * guard is skipped and the checksum test in `zstd_frames_test.ts` fails (uncaught error).
 * Every failure becomes a {@link DecodeError} whose offset counts compressed bytes.
 */
import { Buffer } from "node:buffer";
import { createZstdDecompress, type ZstdDecompress, zstdDecompressSync } from "node:zlib";
import { DecodeError } from "../../domain/errors.ts";
import {
  MAX_BLOCK_SIZE,
  MAX_BLOCKS_PER_UNIT,
  ZstdFrameScanner,
  type ZstdUnit,
} from "./zstd_scanner.ts";

/** Least output buffer of the native decoder (always above a unit's largest output). */
const NATIVE_CHUNK = 2 * 1024 * 1024;

/** The private fields of Deno's (and Node's) zlib streams that hold the output buffer. */
interface ZlibOutput {
  _outOffset?: number;
  _chunkSize?: number;
  _outBuffer?: Uint8Array;
}

/** One frame's native decoder, driven write by write with every failure settled. */
class NativeFrame {
  private readonly d: ZstdDecompress;
  private out: Uint8Array[] = [];
  private error: Error | null = null;
  private fail: ((err: Error) => void) | null = null;
  private onEnd: (() => void) | null = null;
  private ending = false;

  /** @param maxBlocks most blocks per write: sizes the output buffer above their output */
  constructor(maxBlocks: number) {
    const chunkSize = Math.max(NATIVE_CHUNK, (maxBlocks + 1) * MAX_BLOCK_SIZE);
    this.d = createZstdDecompress({ chunkSize });
    this.d.on("data", (b: Uint8Array) => this.out.push(b));
    this.d.on("error", (err: Error) => this.settleError(err));
    this.d.on("close", () => this.settleError(new Error("zstd decoder closed unexpectedly")));
    this.d.on("end", () => {
      if (this.ending) this.onEnd?.();
      else this.settleError(new Error("zstd frame ended before its last block"));
    });
  }

  private settleError(err: Error): void {
    this.error ??= err;
    this.fail?.(this.error);
  }

  /** Writes one unit and returns the output it produced. */
  async write(unit: ZstdUnit): Promise<Uint8Array[]> {
    this.reserve(unit.blocks * MAX_BLOCK_SIZE);
    await new Promise<void>((resolve, reject) => {
      if (this.error) return reject(this.error);
      this.fail = reject;
      this.d.write(unit.bytes, (err) => (err ? reject(err) : resolve()));
    });
    return this.take();
  }

  /** Ends the frame and returns the last output. */
  async end(): Promise<Uint8Array[]> {
    await new Promise<void>((resolve, reject) => {
      if (this.error) return reject(this.error);
      this.fail = reject;
      this.onEnd = resolve;
      this.ending = true;
      this.d.end();
    });
    return this.take();
  }

  /** Releases the native decoder (after an error or an early stop). */
  destroy(): void {
    this.fail = null;
    this.d.removeAllListeners("close");
    this.d.on("error", () => {}); // a late error must not become an uncaught one
    this.d.destroy();
  }

  private take(): Uint8Array[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  // See the module doc: a write must never fill the output buffer.
  private reserve(maxOutput: number): void {
    const z = this.d as unknown as ZlibOutput;
    if (typeof z._outOffset !== "number" || typeof z._chunkSize !== "number") return;
    if (z._chunkSize - z._outOffset <= maxOutput) {
      z._outBuffer = Buffer.allocUnsafe(z._chunkSize);
      z._outOffset = 0;
    }
  }
}

/**
 * Decompresses a zstd stream of any number of frames, chunk by chunk, with bounded memory.
 * @param input compressed chunks (the generator copies what it keeps)
 * @param file path or label for errors
 * @param maxBlocks most blocks per native write (memory per write: maxBlocks × 128 KiB)
 * @returns decompressed chunks in order
 * @throws {DecodeError} corrupt or truncated zstd data (offset in compressed bytes)
 */
export async function* zstdDecompressStream(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
  maxBlocks = MAX_BLOCKS_PER_UNIT,
): AsyncGenerator<Uint8Array> {
  const scanner = new ZstdFrameScanner(file, maxBlocks);
  let frame: NativeFrame | null = null;
  try {
    for await (const chunk of input) {
      for (const unit of scanner.push(chunk)) {
        frame ??= new NativeFrame(maxBlocks);
        let out: Uint8Array[];
        try {
          out = await frame.write(unit);
          if (unit.frameEnd) out.push(...await frame.end());
        } catch (err) {
          throw nativeError(file, unit.offset, err);
        }
        if (unit.frameEnd) frame = null;
        for (const b of out) yield b;
      }
    }
    scanner.end();
  } finally {
    frame?.destroy();
  }
}

/**
 * Decompresses an in-memory zstd input of any number of frames (synchronous; for small
 * inputs: the whole output is held in memory).
 * @param bytes compressed input
 * @param file path or label for errors
 * @returns the decompressed bytes of all frames, concatenated
 * @throws {DecodeError} corrupt or truncated zstd data (offset in compressed bytes)
 * @example Two concatenated frames
 * ```ts
 * import assert from "node:assert/strict";
 * import { zstdCompressSync } from "node:zlib";
 * const a = zstdCompressSync(new TextEncoder().encode("hello "));
 * const b = zstdCompressSync(new TextEncoder().encode("world"));
 * const both = new Uint8Array([...a, ...b]);
 * assert.equal(new TextDecoder().decode(zstdDecompressAll(both, "x")), "hello world");
 * ```
 */
export function zstdDecompressAll(bytes: Uint8Array, file: string): Uint8Array {
  const scanner = new ZstdFrameScanner(file, Infinity);
  const parts: Uint8Array[] = [];
  let frameParts: Uint8Array[] = [];
  let frameOffset = 0;
  for (const unit of scanner.push(bytes)) {
    if (unit.frameStart) frameOffset = unit.offset;
    frameParts.push(unit.bytes);
    if (!unit.frameEnd) continue;
    try {
      parts.push(zstdDecompressSync(concat(frameParts)));
    } catch (err) {
      throw nativeError(file, frameOffset, err);
    }
    frameParts = [];
  }
  scanner.end();
  return concat(parts);
}

/** Concatenates byte arrays (returns the only one as is). */
export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function nativeError(file: string, offset: number, err: unknown): DecodeError {
  if (err instanceof DecodeError) return err;
  const msg = err instanceof Error
    ? err.message.replace(/^Zstd decompress error: /, "")
    : String(err);
  return new DecodeError(file, offset, `corrupt zstd data (${msg}) in compressed input`);
}
