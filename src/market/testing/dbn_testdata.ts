/**
 * @module
 * Facts of the Databento sample files in `shared/data/dbn/`, for the decoder tests.
 *
 * Every number here was read independently of this decoder: `zstd -dc` for the `.zst`
 * files, then Python `struct.unpack_from` at the offsets of `dbn-format.md` (and `xxd` for
 * spot checks). They are facts of the files, not outputs of the code under test.
 */
import { DecodeError } from "../../domain/errors.ts";
import { SAMPLES_URL } from "./samples.ts";

export { HAVE_SAMPLES, sampleTest } from "./samples.ts";

/** Folder of the sample files (outside the repo, beside it). */
export const DATA_DIR: URL = SAMPLES_URL;

/** Absolute path of a sample file. */
export function dataPath(name: string): string {
  return new URL(name, DATA_DIR).pathname;
}

/** Reads a sample file. */
export function readData(name: string): Uint8Array {
  return Deno.readFileSync(dataPath(name));
}

/** The sample schemas: file stem and schema code. */
export const SCHEMAS = [
  { stem: "trades", code: 4 },
  { stem: "tbbo", code: 3 },
  { stem: "mbp-1", code: 1 },
  { stem: "ohlcv-1m", code: 6 },
] as const;

/** The sample encodings: file suffix, DBN version, first record offset, zstd or not. */
export const VARIANTS = [
  { suffix: ".dbn", version: 2, recordsOffset: 353, zstd: false },
  { suffix: ".v1.dbn.zst", version: 1, recordsOffset: 206, zstd: true },
  { suffix: ".v2.dbn.zst", version: 2, recordsOffset: 353, zstd: true },
  { suffix: ".v3.dbn.zst", version: 3, recordsOffset: 360, zstd: true },
] as const;

/** Metadata fields shared by every sample file. */
export const META = {
  dataset: "GLBX.MDP3",
  start: 1609160400000000000n,
  end: 1609200000000000000n,
  limit: 2n,
  stypeIn: 1,
  stypeOut: 0,
  tsOut: false,
  symbols: ["ESH1"],
  partial: [] as string[],
  notFound: [] as string[],
  mappings: [{
    rawSymbol: "ESH1",
    intervals: [{ startDate: "2020-12-28", endDate: "2020-12-29", symbol: "5482" }],
  }],
};

/** TradeMsg fields of the two trades (also the first 48 bytes of the two TBBO records). */
export const TRADES = [
  {
    tsEvent: 1609160400098821953n,
    price: 3720250000000n,
    size: 5,
    action: 84, // T
    side: 65, // A
    flags: 129,
    depth: 0,
    tsRecv: 1609160400099150057n,
    tsInDelta: 19251,
    sequence: 1170380,
  },
  {
    tsEvent: 1609160400107665963n,
    price: 3720250000000n,
    size: 21,
    action: 84,
    side: 65,
    flags: 129,
    depth: 0,
    tsRecv: 1609160400108142648n,
    tsInDelta: 20728,
    sequence: 1170414,
  },
];

/** Top of book of the two TBBO records. */
export const TBBO_LEVELS = [
  { bidPx: 3720250000000n, askPx: 3720500000000n, bidSz: 26, askSz: 7, bidCt: 16, askCt: 6 },
  { bidPx: 3720250000000n, askPx: 3720500000000n, bidSz: 21, askSz: 22, bidCt: 13, askCt: 15 },
];

/** The two MBP-1 records: trade part and level. */
export const MBP1 = [
  {
    tsEvent: 1609160400006001487n,
    price: 3720500000000n,
    size: 1,
    action: 65, // A (add)
    side: 65,
    flags: 128,
    depth: 0,
    tsRecv: 1609160400006136329n,
    tsInDelta: 17214,
    sequence: 1170362,
    bidPx: 3720250000000n,
    askPx: 3720500000000n,
    bidSz: 24,
    askSz: 11,
    bidCt: 15,
    askCt: 9,
  },
  {
    tsEvent: 1609160400006146661n,
    price: 3720500000000n,
    size: 1,
    action: 65,
    side: 65,
    flags: 128,
    depth: 0,
    tsRecv: 1609160400006246513n,
    tsInDelta: 18858,
    sequence: 1170364,
    bidPx: 3720250000000n,
    askPx: 3720500000000n,
    bidSz: 24,
    askSz: 12,
    bidCt: 15,
    askCt: 10,
  },
];

/** The two OHLCV-1m bars (rtype 0x21). */
export const OHLCV = [
  {
    tsEvent: 1609160400000000000n,
    open: 372025000000000n,
    high: 372150000000000n,
    low: 372025000000000n,
    close: 372100000000000n,
    volume: 353n,
  },
  {
    tsEvent: 1609160460000000000n,
    open: 372100000000000n,
    high: 372150000000000n,
    low: 372100000000000n,
    close: 372150000000000n,
    volume: 152n,
  },
];

/** Rejects when `p` does not settle within `ms` (a hang guard); clears its timer. */
export async function within<T>(p: Promise<T>, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts that `p` rejects with a DecodeError of exactly this offset and message. */
export async function rejectsDecode(
  p: Promise<unknown>,
  offset: number,
  message: string,
): Promise<DecodeError> {
  let caught: unknown;
  try {
    await within(p);
  } catch (err) {
    caught = err;
  }
  if (!(caught instanceof DecodeError)) {
    throw new Error(`expected a DecodeError, got ${caught}`, { cause: caught });
  }
  if (caught.message !== message || caught.offset !== offset) {
    throw new Error(
      `expected DecodeError "${message}" (offset ${offset}), got "${caught.message}" (offset ${caught.offset})`,
    );
  }
  return caught;
}
