/**
 * @module
 * Tests of the DBN encoder against the real Databento sample files (byte for byte, plain and
 * zstd), its file writer (temp file + rename, streaming) and its validation errors.
 */

import type { EncoderBatch, EncoderMetadata } from "./encoder.ts";
import type { DbnBatch, Mbp1Columns, OhlcvColumns, TradeColumns } from "./types.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { zstdDecompressSync } from "node:zlib";
import { ValidationError } from "../../domain/errors.ts";
import { decodeDbnBytes, openDbn } from "./decoder.ts";
import { DbnEncoder, DbnFileWriter, encodeDbn, encodeHeader, writeDbnFile } from "./encoder.ts";
import { Schema } from "./types.ts";
import { DATA_DIR, sampleTest } from "../testing/dbn_testdata.ts";

const sample = (name: string) => Deno.readFileSync(new URL(name, DATA_DIR));

/** The ESH1 sample metadata as read with xxd (GLBX.MDP3, 2020-12-28). */
function sampleMeta(version: number, schema: number): EncoderMetadata {
  return {
    version,
    dataset: "GLBX.MDP3",
    schema,
    start: 1609160400000000000n,
    end: 1609200000000000000n,
    limit: 2n,
    stypeIn: 1,
    stypeOut: 0,
    symbols: ["ESH1"],
    mappings: [{
      rawSymbol: "ESH1",
      intervals: [{ startDate: "2020-12-28", endDate: "2020-12-29", symbol: "5482" }],
    }],
  };
}

type TradeRow = [bigint, bigint, number, string, string, number, bigint, number, number];

function tradeColumns(rtype: number, rows: TradeRow[]): TradeColumns {
  const n = rows.length;
  return {
    length: n,
    rtype: new Uint8Array(n).fill(rtype),
    publisherId: new Uint16Array(n).fill(1),
    instrumentId: new Uint32Array(n).fill(5482),
    tsEvent: BigUint64Array.from(rows.map((r) => r[0])),
    price: BigInt64Array.from(rows.map((r) => r[1])),
    size: Uint32Array.from(rows.map((r) => r[2])),
    action: Uint8Array.from(rows.map((r) => r[3].charCodeAt(0))),
    side: Uint8Array.from(rows.map((r) => r[4].charCodeAt(0))),
    flags: Uint8Array.from(rows.map((r) => r[5])),
    depth: new Uint8Array(n),
    tsRecv: BigUint64Array.from(rows.map((r) => r[6])),
    tsInDelta: Int32Array.from(rows.map((r) => r[7])),
    sequence: Uint32Array.from(rows.map((r) => r[8])),
  };
}

function withBook(t: TradeColumns, book: [bigint, bigint, number, number, number, number][]) {
  return {
    ...t,
    bidPx: BigInt64Array.from(book.map((b) => b[0])),
    askPx: BigInt64Array.from(book.map((b) => b[1])),
    bidSz: Uint32Array.from(book.map((b) => b[2])),
    askSz: Uint32Array.from(book.map((b) => b[3])),
    bidCt: Uint32Array.from(book.map((b) => b[4])),
    askCt: Uint32Array.from(book.map((b) => b[5])),
  } satisfies Mbp1Columns;
}

const SAMPLE_TRADES: TradeRow[] = [
  [1609160400098821953n, 3720250000000n, 5, "T", "A", 129, 1609160400099150057n, 19251, 1170380],
  [1609160400107665963n, 3720250000000n, 21, "T", "A", 129, 1609160400108142648n, 20728, 1170414],
];
const SAMPLE_MBP1: TradeRow[] = [
  [1609160400006001487n, 3720500000000n, 1, "A", "A", 128, 1609160400006136329n, 17214, 1170362],
  [1609160400006146661n, 3720500000000n, 1, "A", "A", 128, 1609160400006246513n, 18858, 1170364],
];

const SAMPLE_OHLCV: OhlcvColumns = {
  length: 2,
  rtype: new Uint8Array([0x21, 0x21]),
  publisherId: new Uint16Array([1, 1]),
  instrumentId: new Uint32Array([5482, 5482]),
  tsEvent: new BigUint64Array([1609160400000000000n, 1609160460000000000n]),
  open: new BigInt64Array([372025000000000n, 372100000000000n]),
  high: new BigInt64Array([372150000000000n, 372150000000000n]),
  low: new BigInt64Array([372025000000000n, 372100000000000n]),
  close: new BigInt64Array([372100000000000n, 372150000000000n]),
  volume: new BigUint64Array([353n, 152n]),
};

/** The sample files' records per schema, as batches. */
const SAMPLES = {
  trades: { schema: Schema.TRADES, batch: { trades: tradeColumns(0, SAMPLE_TRADES) } },
  tbbo: {
    schema: Schema.TBBO,
    batch: {
      mbp1: withBook(tradeColumns(1, SAMPLE_TRADES), [
        [3720250000000n, 3720500000000n, 26, 7, 16, 6],
        [3720250000000n, 3720500000000n, 21, 22, 13, 15],
      ]),
    },
  },
  "mbp-1": {
    schema: Schema.MBP_1,
    batch: {
      mbp1: withBook(tradeColumns(1, SAMPLE_MBP1), [
        [3720250000000n, 3720500000000n, 24, 11, 15, 9],
        [3720250000000n, 3720500000000n, 24, 12, 15, 10],
      ]),
    },
  },
  "ohlcv-1m": { schema: Schema.OHLCV_1M, batch: { ohlcv: SAMPLE_OHLCV } },
} as const;

sampleTest("encodeDbn() reproduces the uncompressed v2 trades sample byte for byte", () => {
  const bytes = encodeDbn(sampleMeta(2, Schema.TRADES), [SAMPLES.trades.batch]);
  assert.equal(bytes.length, 449);
  assert.deepEqual(bytes, sample("test_data.trades.dbn"));
});

sampleTest("encodeDbn() reproduces every sample schema in DBN v1, v2 and v3", async (t) => {
  for (const [name, s] of Object.entries(SAMPLES)) {
    for (const version of [1, 2, 3]) {
      await t.step(`${name} v${version}`, () => {
        const want = new Uint8Array(
          zstdDecompressSync(sample(`test_data.${name}.v${version}.dbn.zst`)),
        );
        assert.deepEqual(encodeDbn(sampleMeta(version, s.schema), [s.batch]), want);
      });
    }
  }
});

Deno.test("encodeHeader() pads v3 metadata to a multiple of 8 and leaves v1/v2 unpadded", () => {
  const lengths = [1, 2, 3].map((v) => {
    const h = encodeHeader(sampleMeta(v, Schema.TRADES));
    return new DataView(h.buffer).getUint32(4, true);
  });
  assert.deepEqual(lengths, [198, 345, 352]);
});

Deno.test("encodeHeader() writes null schema, end and stype_in as their sentinels", () => {
  const h = encodeHeader({
    version: 3,
    dataset: "XNAS.ITCH",
    schema: null,
    start: 5n,
    end: null,
    stypeIn: null,
    stypeOut: 0,
  });
  const dv = new DataView(h.buffer);
  assert.equal(dv.getUint16(24, true), 0xffff);
  assert.equal(dv.getBigUint64(34, true), 0xffff_ffff_ffff_ffffn);
  assert.equal(h[50], 0xff);
  assert.equal(dv.getUint16(53, true), 71);
  assert.equal(h.length, 8 + 120);
});

sampleTest("writeDbnFile() reproduces the sample .dbn.zst files byte for byte", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    for (const [name, s] of Object.entries(SAMPLES)) {
      for (const version of [1, 2, 3]) {
        await t.step(`${name} v${version}`, async () => {
          const path = join(dir, `${name}.v${version}.dbn.zst`);
          const res = await writeDbnFile(path, sampleMeta(version, s.schema), [s.batch]);
          const want = sample(`test_data.${name}.v${version}.dbn.zst`);
          assert.deepEqual(Deno.readFileSync(path), want);
          assert.equal(res.records, 2);
          assert.equal(res.fileBytes, want.length);
        });
      }
    }
    assert.equal([...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".tmp")).length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeDbnFile() streams many batches into one frame equal to encodeDbn()", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const batches = Array.from({ length: 20 }, (_, k) => ({ trades: bigTrades(10_000, k) }));
    const meta = { ...sampleMeta(3, Schema.TRADES), limit: 0n };
    const gen = async function* () {
      yield* batches;
    };
    const zst = join(dir, "big.dbn.zst");
    const plain = join(dir, "big.dbn");
    const a = await writeDbnFile(zst, meta, gen());
    const b = await writeDbnFile(plain, meta, batches);
    const want = encodeDbn(meta, batches);
    assert.equal(a.records, 200_000);
    assert.equal(a.rawBytes, want.length);
    assert.equal(b.fileBytes, want.length);
    assert.equal(a.fileBytes, Deno.statSync(zst).size);
    assert.deepEqual(new Uint8Array(zstdDecompressSync(Deno.readFileSync(zst))), want);
    assert.deepEqual(Deno.readFileSync(plain), want);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeDbnFile() leaves no file when the batches throw", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "x.dbn.zst");
    const failing = async function* () {
      yield SAMPLES.trades.batch;
      throw new Error("source failed");
    };
    await assert.rejects(writeDbnFile(path, sampleMeta(3, Schema.TRADES), failing()), {
      message: "source failed",
    });
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DbnFileWriter.abort() removes the temp file and never creates the target", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "y.dbn");
    const w = await DbnFileWriter.create(path, sampleMeta(1, Schema.TRADES));
    await w.write(SAMPLES.trades.batch);
    assert.equal([...Deno.readDirSync(dir)].length, 1);
    await w.abort();
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DbnEncoder rejects records that do not match the file schema", () => {
  const enc = new DbnEncoder(sampleMeta(3, Schema.TRADES));
  assert.throws(() => enc.encodeMbp1(SAMPLES.tbbo.batch.mbp1), ValidationError);
  assert.throws(() => enc.encodeOhlcv(SAMPLE_OHLCV), ValidationError);
  assert.throws(
    () =>
      enc.encodeBatch({
        control: [{ kind: "error", rtype: 0x15, tsEvent: 0n, text: "x", code: null }],
      }),
    {
      message: "control records cannot be encoded",
    },
  );
  const mixed = new DbnEncoder({ ...sampleMeta(3, Schema.TRADES), schema: null });
  assert.equal(mixed.encodeMbp1(SAMPLES.tbbo.batch.mbp1).length, 160);
});

Deno.test("encodeHeader() rejects metadata that does not fit the format", () => {
  const m = sampleMeta(2, Schema.TRADES);
  const cases: [Partial<EncoderMetadata>, string][] = [
    [{ version: 4 }, "DBN version must be 1, 2 or 3, got 4"],
    [{ tsOut: true }, "ts_out records are not supported by the encoder"],
    [{ dataset: "A_VERY_LONG_DATASET" }, 'dataset "A_VERY_LONG_DATASET" is longer than 15 bytes'],
    [
      { version: 1, symbols: ["X".repeat(22)] },
      `symbol "${"X".repeat(22)}" is longer than 21 bytes`,
    ],
    [{ version: 1, symbolCstrLen: 71 }, "symbol_cstr_len 71 is invalid for DBN version 1"],
    [{ start: -1n }, "start -1 does not fit in u64"],
    [{ stypeOut: 256 }, "stype_out 256 does not fit in u8"],
    [
      {
        mappings: [{
          rawSymbol: "A",
          intervals: [{ startDate: "20201228", endDate: "2020-12-29", symbol: "1" }],
        }],
      },
      'mapping date must be YYYY-MM-DD, got "20201228"',
    ],
  ];
  for (const [patch, message] of cases) {
    assert.throws(() => encodeHeader({ ...m, ...patch }), { name: "ValidationError", message });
  }
});

Deno.test("DbnEncoder.encodeTrades() rejects a column shorter than length", () => {
  const enc = new DbnEncoder(sampleMeta(3, Schema.TRADES));
  const cols = { ...SAMPLES.trades.batch.trades, sequence: new Uint32Array(1) };
  assert.throws(() => enc.encodeTrades(cols), { message: "column sequence holds 1 of 2 rows" });
});

/** Deterministic filler records (no PRNG needed: a multiplicative hash of the index). */
function bigTrades(n: number, k: number): TradeColumns {
  const cols: TradeColumns = {
    length: n,
    rtype: new Uint8Array(n),
    publisherId: new Uint16Array(n).fill(2),
    instrumentId: new Uint32Array(n).fill(77),
    tsEvent: new BigUint64Array(n),
    price: new BigInt64Array(n),
    size: new Uint32Array(n),
    action: new Uint8Array(n).fill(84),
    side: new Uint8Array(n).fill(66),
    flags: new Uint8Array(n).fill(128),
    depth: new Uint8Array(n),
    tsRecv: new BigUint64Array(n),
    tsInDelta: new Int32Array(n),
    sequence: new Uint32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const h = Math.imul(i + k * n, 2654435761) >>> 0;
    cols.tsEvent[i] = 1_700_000_000_000_000_000n + BigInt(i * 1000 + k);
    cols.tsRecv[i] = cols.tsEvent[i] + 5000n;
    cols.price[i] = BigInt(10_000 + (h % 500)) * 10_000_000n;
    cols.size[i] = 1 + (h % 300);
    cols.tsInDelta[i] = (h % 20000) - 10000;
    cols.sequence[i] = i + k * n;
  }
  return cols;
}

/** mulberry32: a tiny seeded generator so the round trips use fixed pseudo-random columns. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Fills every column of `cols` with random bits of its full width. */
function randomize<T extends { length: number }>(cols: T, seed: number): T {
  const next = mulberry32(seed);
  for (const col of Object.values(cols)) {
    if (!ArrayBuffer.isView(col)) continue;
    const words = new Uint32Array(col.buffer, col.byteOffset, col.byteLength >> 2);
    for (let i = 0; i < words.length; i++) words[i] = next();
    const bytes = new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
    for (let i = words.length * 4; i < bytes.length; i++) bytes[i] = next() & 0xff;
  }
  return cols;
}

function randomTrades(n: number, seed: number, rtype: number): TradeColumns {
  const c = randomize({
    length: n,
    rtype: new Uint8Array(n),
    publisherId: new Uint16Array(n),
    instrumentId: new Uint32Array(n),
    tsEvent: new BigUint64Array(n),
    price: new BigInt64Array(n),
    size: new Uint32Array(n),
    action: new Uint8Array(n),
    side: new Uint8Array(n),
    flags: new Uint8Array(n),
    depth: new Uint8Array(n),
    tsRecv: new BigUint64Array(n),
    tsInDelta: new Int32Array(n),
    sequence: new Uint32Array(n),
  }, seed);
  c.rtype.fill(rtype);
  return c;
}

function randomMbp1(n: number, seed: number): Mbp1Columns {
  return {
    ...randomTrades(n, seed, 1),
    ...randomize({
      length: n,
      bidPx: new BigInt64Array(n),
      askPx: new BigInt64Array(n),
      bidSz: new Uint32Array(n),
      askSz: new Uint32Array(n),
      bidCt: new Uint32Array(n),
      askCt: new Uint32Array(n),
    }, seed + 1),
  };
}

function randomOhlcv(n: number, seed: number): OhlcvColumns {
  const c = randomize({
    length: n,
    rtype: new Uint8Array(n),
    publisherId: new Uint16Array(n),
    instrumentId: new Uint32Array(n),
    tsEvent: new BigUint64Array(n),
    open: new BigInt64Array(n),
    high: new BigInt64Array(n),
    low: new BigInt64Array(n),
    close: new BigInt64Array(n),
    volume: new BigUint64Array(n),
  }, seed);
  c.rtype.fill(0x21);
  return c;
}

/** Concatenates one column kind of decoded batches and checks it equals `want`, field by field. */
function assertColumns<T extends { length: number }>(
  batches: DbnBatch[],
  pick: (b: DbnBatch) => T | undefined,
  want: T,
): void {
  const parts = batches.map(pick).filter((c): c is T => c !== undefined);
  assert.equal(parts.reduce((n, c) => n + c.length, 0), want.length);
  for (const [name, col] of Object.entries(want as Record<string, unknown>)) {
    if (!ArrayBuffer.isView(col)) continue;
    const got = bytesOf(parts.map((p) => {
      const c = (p as Record<string, unknown>)[name] as Uint8Array;
      return c.subarray(0, p.length);
    }));
    assert.deepEqual(got, bytesOf([col as Uint8Array]), `column ${name}`);
  }
}

function bytesOf(cols: ArrayBufferView[]): Uint8Array {
  const out = new Uint8Array(cols.reduce((n, c) => n + c.byteLength, 0));
  let o = 0;
  for (const c of cols) {
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), o);
    o += c.byteLength;
  }
  return out;
}

/** Metadata exercising every section: partial, not_found, several mappings and intervals. */
function richMeta(version: number, schema: number): EncoderMetadata {
  return {
    version,
    dataset: "XNAS.ITCH",
    schema,
    start: 1704067200000000000n,
    end: version === 2 ? null : 1735689600000000000n,
    limit: 123n,
    stypeIn: version === 1 ? null : 1,
    stypeOut: 0,
    symbols: ["AAPL", "MSFT", "ZZZZ"],
    partial: ["MSFT"],
    notFound: ["ZZZZ"],
    mappings: [
      {
        rawSymbol: "AAPL",
        intervals: [{ startDate: "2024-01-01", endDate: "2025-01-01", symbol: "38" }],
      },
      {
        rawSymbol: "MSFT",
        intervals: [
          { startDate: "2024-01-01", endDate: "2024-06-03", symbol: "7152" },
          { startDate: "2024-06-04", endDate: "2025-01-01", symbol: "7153" },
        ],
      },
    ],
  };
}

const KINDS = [
  {
    name: "trades",
    schema: Schema.TRADES,
    make: (n: number, seed: number): EncoderBatch => ({ trades: randomTrades(n, seed, 0) }),
  },
  {
    name: "tbbo",
    schema: Schema.TBBO,
    make: (n: number, seed: number): EncoderBatch => ({ mbp1: randomMbp1(n, seed) }),
  },
  {
    name: "ohlcv-1m",
    schema: Schema.OHLCV_1M,
    make: (n: number, seed: number): EncoderBatch => ({ ohlcv: randomOhlcv(n, seed) }),
  },
];

function joined(batches: EncoderBatch[]): DbnBatch {
  const first = batches[0];
  const cat = <T extends { length: number }>(parts: T[]): T => {
    const out = { length: parts.reduce((n, p) => n + p.length, 0) } as Record<string, unknown>;
    for (const [name, col] of Object.entries(parts[0] as Record<string, unknown>)) {
      if (!ArrayBuffer.isView(col)) continue;
      const Ctor = col.constructor as new (n: number) => Uint8Array;
      const all = new Ctor(out.length as number);
      let o = 0;
      for (const p of parts) {
        all.set((p as Record<string, unknown>)[name] as Uint8Array, o);
        o += p.length;
      }
      out[name] = all;
    }
    return out as T;
  };
  return {
    offset: 0,
    trades: first.trades && cat(batches.map((b) => b.trades!)),
    mbp1: first.mbp1 && cat(batches.map((b) => b.mbp1!)),
    ohlcv: first.ohlcv && cat(batches.map((b) => b.ohlcv!)),
  };
}

Deno.test("encodeDbn() output decodes to the same metadata and columns in v1, v2 and v3", async (t) => {
  for (const kind of KINDS) {
    for (const version of [1, 2, 3]) {
      await t.step(`${kind.name} v${version}`, () => {
        const meta = richMeta(version, kind.schema);
        const batches = [kind.make(700, version * 10), kind.make(300, version * 10 + 5)];
        const got = decodeDbnBytes(encodeDbn(meta, batches), "roundtrip", {
          expectSchema: kind.schema,
        });
        assert.deepEqual(got.metadata, {
          ...meta,
          tsOut: false,
          symbolCstrLen: version === 1 ? 22 : 71,
        });
        const want = joined(batches);
        assertColumns(got.batches, (b) => b.trades, want.trades ?? randomTrades(0, 0, 0));
        if (want.mbp1) assertColumns(got.batches, (b) => b.mbp1, want.mbp1);
        if (want.ohlcv) assertColumns(got.batches, (b) => b.ohlcv, want.ohlcv);
      });
    }
  }
});

Deno.test("writeDbnFile() files, plain and zstd, read back through openDbn()", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    for (const kind of KINDS) {
      for (const version of [1, 2, 3]) {
        for (const ext of ["dbn", "dbn.zst"]) {
          await t.step(`${kind.name} v${version} .${ext}`, async () => {
            const path = join(dir, `${kind.name}.v${version}.${ext}`);
            const meta = richMeta(version, kind.schema);
            const batches = [1000, 1, 70_000].map((n, k) => kind.make(n, version * 100 + k));
            const res = await writeDbnFile(path, meta, batches);
            assert.equal(res.records, 71_001);
            const reader = await openDbn(path, { expectSchema: kind.schema });
            assert.equal(reader.compressed, ext === "dbn.zst");
            assert.equal(reader.metadata.version, version);
            assert.deepEqual(reader.metadata.mappings, meta.mappings);
            const got: DbnBatch[] = [];
            for await (const b of reader.batches()) got.push(b);
            const want = joined(batches);
            if (want.trades) assertColumns(got, (b) => b.trades, want.trades);
            if (want.mbp1) assertColumns(got, (b) => b.mbp1, want.mbp1);
            if (want.ohlcv) assertColumns(got, (b) => b.ohlcv, want.ohlcv);
          });
        }
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
