/**
 * @module
 * Seeded mutants of real DBN files, for the decoder's fuzz test and `scripts/bench/dbn_fuzz.ts`.
 *
 * Each mutant starts from one sample file. Most mutations hit the decompressed stream (so the
 * metadata header, where one corrupt field can ask for gigabytes, is reached even through
 * zstd) and are then recompressed when the sample was compressed; a share mutate the
 * compressed bytes themselves. Kinds: a flipped bit, a byte set to an edge value, a u16 or u32
 * field overwritten with an edge value (biased to the header, the lengths and counts), a cut,
 * a repeated slice. The same seed gives the same mutants.
 */
import { zstdCompressSync, zstdDecompressSync } from "node:zlib";
import { Rng } from "../../../engine/validation/rng.ts";

/** One mutant: what was done, and the bytes. */
export interface Mutant {
  /** Sample file it came from. */
  source: string;
  /** What was changed, e.g. `u32 0xffffffff @ 108 (plain, recompressed)`. */
  change: string;
  bytes: Uint8Array;
}

/** A sample file's bytes, with its decompressed stream when it is zstd. */
export interface Sample {
  name: string;
  bytes: Uint8Array;
  /** The decompressed stream of a `.zst` sample; null for a plain one. */
  plain: Uint8Array | null;
}

const EDGE_U8 = [0, 1, 0x7f, 0x80, 0xfe, 0xff];
const EDGE_U16 = [0, 1, 2, 21, 22, 70, 71, 72, 0x7fff, 0x8000, 0xffff];
const EDGE_U32 = [
  0,
  1,
  3,
  4,
  99,
  100,
  101,
  103,
  104,
  0xff,
  0xffff,
  0x10000,
  0x7fffffff,
  0x80000000,
  0xfffffffe,
  0xffffffff,
];
/** Header offsets with a length or count behind them (`dbn-format.md` §1). */
const HOT_OFFSETS = [3, 4, 5, 6, 7, 24, 53, 54, 108, 112, 116, 120, 124, 128];

/** Loads samples, decompressing the `.zst` ones once. */
export function loadSamples(files: { name: string; bytes: Uint8Array }[]): Sample[] {
  return files.map(({ name, bytes }) => ({
    name,
    bytes,
    plain: name.endsWith(".zst") ? new Uint8Array(zstdDecompressSync(bytes)) : null,
  }));
}

/**
 * The `index`-th mutant of a seeded sequence over `samples`; `mutant(s, seed, i)` is the same
 * bytes on every call.
 * @param samples the real files to mutate
 * @param seed root seed of the sequence
 * @param index position in the sequence
 */
export function mutant(samples: readonly Sample[], seed: number, index: number): Mutant {
  const rng = new Rng(seed * 1_000_003 + index);
  const sample = samples[rng.nextInt(samples.length)];
  const onCompressed = sample.plain !== null && rng.nextInt(5) === 0;
  const base = sample.plain === null || onCompressed ? sample.bytes : sample.plain;
  const out = base.slice();
  const changes: string[] = [];
  const rounds = 1 + rng.nextInt(3);
  let bytes: Uint8Array = out;
  for (let r = 0; r < rounds; r++) {
    const m = mutateOnce(bytes, rng);
    bytes = m.bytes;
    changes.push(m.change);
  }
  const recompress = sample.plain !== null && !onCompressed;
  if (recompress) bytes = new Uint8Array(zstdCompressSync(bytes));
  const where = sample.plain === null ? "plain" : onCompressed ? "compressed" : "recompressed";
  return { source: sample.name, change: `${changes.join("; ")} (${where})`, bytes };
}

function mutateOnce(bytes: Uint8Array, rng: Rng): { bytes: Uint8Array; change: string } {
  const n = bytes.length;
  // Half the field writes go to the header's lengths and counts.
  const at = (width: number) => {
    const hot = rng.nextInt(2) === 0;
    const o = hot ? HOT_OFFSETS[rng.nextInt(HOT_OFFSETS.length)] : rng.nextInt(Math.max(1, n));
    return Math.min(o, Math.max(0, n - width));
  };
  switch (rng.nextInt(6)) {
    case 0: {
      const o = rng.nextInt(Math.max(1, n));
      const bit = rng.nextInt(8);
      if (n > 0) bytes[o] ^= 1 << bit;
      return { bytes, change: `bit ${bit} @ ${o}` };
    }
    case 1: {
      const o = at(1);
      const v = EDGE_U8[rng.nextInt(EDGE_U8.length)];
      if (n > 0) bytes[o] = v;
      return { bytes, change: `u8 ${v} @ ${o}` };
    }
    case 2: {
      const o = at(2);
      const v = EDGE_U16[rng.nextInt(EDGE_U16.length)];
      if (n >= 2) new DataView(bytes.buffer, bytes.byteOffset).setUint16(o, v, true);
      return { bytes, change: `u16 ${v} @ ${o}` };
    }
    case 3: {
      const o = at(4);
      const v = EDGE_U32[rng.nextInt(EDGE_U32.length)];
      if (n >= 4) new DataView(bytes.buffer, bytes.byteOffset).setUint32(o, v, true);
      return { bytes, change: `u32 ${v} @ ${o}` };
    }
    case 4: {
      const len = rng.nextInt(n + 1);
      return { bytes: bytes.slice(0, len), change: `cut to ${len}` };
    }
    default: {
      const from = rng.nextInt(Math.max(1, n));
      const len = 1 + rng.nextInt(Math.max(1, Math.min(256, n - from)));
      const to = rng.nextInt(n + 1);
      const out = new Uint8Array(n + len);
      out.set(bytes.subarray(0, to), 0);
      out.set(bytes.subarray(from, from + len), to);
      out.set(bytes.subarray(to), to + len);
      return { bytes: out, change: `repeat ${len} bytes of ${from} at ${to}` };
    }
  }
}
