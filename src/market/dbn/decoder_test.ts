/**
 * @module
 * Tests of the streaming decoder against every sample file, version and compression field by
 * field, plus multi-frame streams, unaligned headers across read chunks, batch reuse, mixed
 * record kinds, ts_out records and closing the input.
 */
import assert from "node:assert/strict";
import { zstdCompressSync, zstdDecompressSync } from "node:zlib";
import type { DbnBatch, DbnMetadata } from "./types.ts";
import { HewstonError } from "../../domain/errors.ts";
import { decodeDbnBytes, openDbn, openDbnStream } from "./decoder.ts";
import { concat } from "./zstd_frames.ts";
import {
  dataPath,
  MBP1,
  META,
  OHLCV,
  readData,
  sampleTest,
  SCHEMAS,
  TBBO_LEVELS,
  TRADES,
  VARIANTS,
  within,
} from "../testing/dbn_testdata.ts";

type Stem = (typeof SCHEMAS)[number]["stem"];

async function collect(batches: AsyncIterable<DbnBatch>): Promise<DbnBatch[]> {
  const out: DbnBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

function checkMetadata(meta: DbnMetadata, version: number, schema: number): void {
  assert.equal(meta.version, version);
  assert.equal(meta.schema, schema);
  assert.equal(meta.dataset, META.dataset);
  assert.equal(meta.start, META.start);
  assert.equal(meta.end, META.end);
  assert.equal(meta.limit, META.limit);
  assert.equal(meta.stypeIn, META.stypeIn);
  assert.equal(meta.stypeOut, META.stypeOut);
  assert.equal(meta.tsOut, false);
  assert.deepEqual(meta.symbols, META.symbols);
  assert.deepEqual(meta.mappings, META.mappings);
}

/** Asserts the two records of a sample, field by field, against the fact tables. */
function checkSample(stem: Stem, batches: DbnBatch[], recordsOffset: number): void {
  assert.equal(batches.length, 1);
  const b = batches[0];
  assert.equal(b.offset, recordsOffset);
  if (stem === "ohlcv-1m") {
    const o = b.ohlcv!;
    assert.equal(b.trades ?? b.mbp1 ?? b.control, undefined);
    assert.equal(o.length, 2);
    for (let i = 0; i < 2; i++) {
      const e = OHLCV[i];
      assert.equal(o.rtype[i], 0x21);
      assert.equal(o.publisherId[i], 1);
      assert.equal(o.instrumentId[i], 5482);
      assert.equal(o.tsEvent[i], e.tsEvent);
      assert.equal(o.open[i], e.open);
      assert.equal(o.high[i], e.high);
      assert.equal(o.low[i], e.low);
      assert.equal(o.close[i], e.close);
      assert.equal(o.volume[i], e.volume);
    }
    return;
  }
  const t = stem === "trades" ? b.trades! : b.mbp1!;
  assert.equal(stem === "trades" ? b.mbp1 : b.trades, undefined);
  assert.equal(t.length, 2);
  const rows = stem === "mbp-1" ? MBP1 : TRADES;
  for (let i = 0; i < 2; i++) {
    const e = rows[i];
    assert.equal(t.rtype[i], stem === "trades" ? 0x00 : 0x01);
    assert.equal(t.publisherId[i], 1);
    assert.equal(t.instrumentId[i], 5482);
    assert.equal(t.tsEvent[i], e.tsEvent);
    assert.equal(t.price[i], e.price);
    assert.equal(t.size[i], e.size);
    assert.equal(t.action[i], e.action);
    assert.equal(t.side[i], e.side);
    assert.equal(t.flags[i], e.flags);
    assert.equal(t.depth[i], e.depth);
    assert.equal(t.tsRecv[i], e.tsRecv);
    assert.equal(t.tsInDelta[i], e.tsInDelta);
    assert.equal(t.sequence[i], e.sequence);
  }
  if (stem === "trades") return;
  const m = b.mbp1!;
  const levels = stem === "tbbo" ? TBBO_LEVELS : MBP1;
  for (let i = 0; i < 2; i++) {
    const e = levels[i];
    assert.equal(m.bidPx[i], e.bidPx);
    assert.equal(m.askPx[i], e.askPx);
    assert.equal(m.bidSz[i], e.bidSz);
    assert.equal(m.askSz[i], e.askSz);
    assert.equal(m.bidCt[i], e.bidCt);
    assert.equal(m.askCt[i], e.askCt);
  }
}

function* samples() {
  for (const s of SCHEMAS) {
    for (const v of VARIANTS) yield { ...s, ...v, name: `test_data.${s.stem}${v.suffix}` };
  }
}

sampleTest(
  "openDbn() decodes every sample file, version and compression field by field",
  async (t) => {
    for (const s of samples()) {
      await t.step(s.name, async () => {
        const reader = await openDbn(dataPath(s.name), { expectSchema: s.code });
        assert.equal(reader.compressed, s.zstd);
        assert.equal(reader.recordsOffset, s.recordsOffset);
        checkMetadata(reader.metadata, s.version, s.code);
        checkSample(s.stem, await collect(reader.batches()), s.recordsOffset);
        assert.equal(reader.records, 2);
        assert.equal(reader.skipped, 0);
        const size = readData(s.name).length;
        assert.equal(reader.totalBytes, size);
        assert.equal(reader.bytesRead, size);
      });
    }
  },
);

sampleTest("openDbnStream() decodes every sample fed in tiny chunks", async (t) => {
  for (const s of samples()) {
    await t.step(s.name, async () => {
      const bytes = readData(s.name);
      for (const size of [1, 5, 64]) {
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
        const reader = await openDbnStream(chunks, { file: s.name, expectSchema: s.code });
        checkMetadata(reader.metadata, s.version, s.code);
        checkSample(s.stem, await collect(reader.batches()), s.recordsOffset);
        assert.equal(reader.bytesRead, bytes.length);
      }
    });
  }
});

sampleTest("decodeDbnBytes() decodes every sample in memory", async (t) => {
  for (const s of samples()) {
    await t.step(s.name, () => {
      const { metadata, recordsOffset, batches } = decodeDbnBytes(readData(s.name), s.name);
      assert.equal(recordsOffset, s.recordsOffset);
      checkMetadata(metadata, s.version, s.code);
      checkSample(s.stem, batches, s.recordsOffset);
    });
  }
});

sampleTest("openDbn() reads a DBN stream split over several zstd frames", async () => {
  const plain = new Uint8Array(zstdDecompressSync(readData("test_data.tbbo.v3.dbn.zst")));
  const skippable = new Uint8Array([0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 9, 9]);
  // Cut inside the header and inside the first record, as a streaming encoder may.
  const input = concat([
    zstdCompressSync(plain.subarray(0, 100)),
    skippable,
    zstdCompressSync(plain.subarray(100, 400)),
    zstdCompressSync(plain.subarray(400)),
  ]);
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/multi.dbn.zst`;
    await Deno.writeFile(path, input);
    const reader = await openDbn(path);
    checkMetadata(reader.metadata, 3, 3);
    checkSample("tbbo", await collect(reader.batches()), 360);
    checkSample("tbbo", decodeDbnBytes(input).batches, 360);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A TBBO file of `n` records on the header of `headerOf`, record i with sequence = i. */
function tbboFile(headerOf: string, n: number): Uint8Array {
  const sample = new Uint8Array(zstdDecompressSync(readData(headerOf)));
  const recordsOffset = sample.length - 160;
  const out = new Uint8Array(recordsOffset + n * 80);
  out.set(sample.subarray(0, recordsOffset));
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const at = recordsOffset + i * 80;
    out.set(sample.subarray(recordsOffset, recordsOffset + 80), at);
    view.setBigUint64(at + 8, 1609160400000000000n + BigInt(i) * 1000003n, true);
    view.setBigInt64(at + 16, 3720250000000n + BigInt(i % 7) * 250000000n, true);
    view.setUint32(at + 44, i, true);
    view.setInt32(at + 40, -i, true);
  }
  return out;
}

function checkRows(batches: DbnBatch[], n: number, recordsOffset: number, batchRecords: number) {
  let i = 0;
  for (const b of batches) {
    const m = b.mbp1!;
    assert.equal(b.offset, recordsOffset + i * 80);
    assert.ok(m.length <= batchRecords);
    for (let k = 0; k < m.length; k++, i++) {
      if (
        m.sequence[k] !== i || m.tsInDelta[k] !== -i ||
        m.tsEvent[k] !== 1609160400000000000n + BigInt(i) * 1000003n ||
        m.price[k] !== 3720250000000n + BigInt(i % 7) * 250000000n || m.bidSz[k] !== 26
      ) {
        assert.fail(`row ${i} decoded wrong`);
      }
    }
  }
  assert.equal(i, n);
}

sampleTest(
  "openDbn() keeps records straddling read chunks right for unaligned v1 and v2 headers",
  async () => {
    const dir = await Deno.makeTempDir();
    try {
      // Records start at 206 (v1, ≡ 2 mod 4), 353 (v2, ≡ 1 mod 4) and 360 (v3).
      for (const [headerOf, offset] of [["v1", 206], ["v2", 353], ["v3", 360]] as const) {
        const n = 5000;
        const bytes = tbboFile(`test_data.tbbo.${headerOf}.dbn.zst`, n);
        const path = `${dir}/tbbo.${headerOf}.dbn`;
        await Deno.writeFile(path, bytes);
        await Deno.writeFile(`${path}.zst`, zstdCompressSync(bytes));
        for (const p of [path, `${path}.zst`]) {
          const reader = await openDbn(p, { chunkBytes: 64 * 1024 + 3, batchRecords: 777 });
          assert.equal(reader.recordsOffset, offset);
          const batches = await collect(reader.batches());
          assert.equal(batches.length, Math.ceil(n / 777));
          checkRows(batches, n, offset, 777);
          assert.equal(reader.bytesRead, (await Deno.stat(p)).size);
        }
        checkRows(decodeDbnBytes(bytes).batches, n, offset, 65536);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

sampleTest("openDbn() with reuseBatches recycles memory and still decodes every row", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/tbbo.dbn`;
    await Deno.writeFile(path, tbboFile("test_data.tbbo.v2.dbn.zst", 3000));
    const reader = await openDbn(path, { reuseBatches: true, batchRecords: 1000 });
    const buffers = new Set<ArrayBufferLike>();
    let i = 0;
    for await (const b of reader.batches()) {
      const m = b.mbp1!;
      buffers.add(m.sequence.buffer);
      for (let k = 0; k < m.length; k++, i++) assert.equal(m.sequence[k], i);
    }
    assert.equal(i, 3000);
    assert.equal(buffers.size, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Record bytes (little-endian) of a control or odd record, for the mixed-stream test. */
function record(words: number, rtype: number, fill: (v: DataView, b: Uint8Array) => void) {
  const b = new Uint8Array(words * 4);
  const v = new DataView(b.buffer);
  b[0] = words;
  b[1] = rtype;
  v.setUint16(2, 1, true);
  v.setUint32(4, 5482, true);
  v.setBigUint64(8, 1609160399000000000n, true);
  fill(v, b);
  return b;
}

sampleTest("decodeDbnBytes() splits batches by record kind and decodes control records", () => {
  const trades = readData("test_data.trades.dbn");
  const ohlcv = readData("test_data.ohlcv-1m.dbn");
  const text = (s: string) => new TextEncoder().encode(s);
  const mapping = record(44, 0x16, (v, b) => {
    b[16] = 1;
    b.set(text("ESH1"), 17);
    b[88] = 0;
    b.set(text("5482"), 89);
    v.setBigUint64(160, 1609113600000000000n, true);
    v.setBigUint64(168, 1609200000000000000n, true);
  });
  const definition = record(100, 0x13, () => {});
  const error = record(80, 0x15, (_v, b) => {
    b.set(text("auth failed"), 16);
    b[318] = 3;
    b[319] = 1;
  });
  const systemV1 = record(20, 0x17, (_v, b) => b.set(text("Heartbeat"), 16));
  const mappingV1 = record(20, 0x16, (v, b) => {
    b.set(text("ESH1"), 16);
    b.set(text("5482"), 38);
    v.setBigUint64(64, 1n, true);
    v.setBigUint64(72, 2n, true);
  });
  const bytes = concat([
    trades.subarray(0, 353),
    mapping,
    definition,
    trades.subarray(353, 449),
    ohlcv.subarray(353, 409),
    error,
    systemV1,
    mappingV1,
    trades.subarray(401, 449),
  ]);
  const { batches } = decodeDbnBytes(bytes, "mixed.dbn");
  assert.deepEqual(batches.map((b) => Object.keys(b).filter((k) => k !== "offset")[0]), [
    "control",
    "trades",
    "ohlcv",
    "control",
    "trades",
  ]);
  assert.deepEqual(batches.map((b) => b.offset), [353, 929, 1025, 1081, 1561]);
  assert.deepEqual(batches[0].control, [{
    kind: "symbol_mapping",
    rtype: 0x16,
    instrumentId: 5482,
    tsEvent: 1609160399000000000n,
    stypeInSymbol: "ESH1",
    stypeOutSymbol: "5482",
    startTs: 1609113600000000000n,
    endTs: 1609200000000000000n,
  }]);
  assert.deepEqual(batches[1].trades!.sequence, new Uint32Array([1170380, 1170414]));
  assert.deepEqual(batches[2].ohlcv!.volume, new BigUint64Array([353n]));
  assert.deepEqual(batches[3].control, [
    { kind: "error", rtype: 0x15, tsEvent: 1609160399000000000n, text: "auth failed", code: 3 },
    { kind: "system", rtype: 0x17, tsEvent: 1609160399000000000n, text: "Heartbeat", code: null },
    {
      kind: "symbol_mapping",
      rtype: 0x16,
      instrumentId: 5482,
      tsEvent: 1609160399000000000n,
      stypeInSymbol: "ESH1",
      stypeOutSymbol: "5482",
      startTs: 1n,
      endTs: 2n,
    },
  ]);
  assert.deepEqual(batches[4].trades!.size, new Uint32Array([21]));
});

sampleTest("openDbnStream() counts skipped records of unknown rtypes", async () => {
  const trades = readData("test_data.trades.dbn");
  const unknown = record(10, 0x18, () => {}); // statistics: not handled
  const bytes = concat([trades.subarray(0, 401), unknown, unknown, trades.subarray(401)]);
  const reader = await openDbnStream([bytes]);
  const batches = await collect(reader.batches());
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0].trades!.size, new Uint32Array([5, 21]));
  assert.equal(reader.skipped, 2);
  assert.equal(reader.records, 2);
});

sampleTest("decodeDbnBytes() steps over the ts_out suffix by the length byte", () => {
  const trades = readData("test_data.trades.dbn");
  const head = trades.slice(0, 353);
  head[52] = 1; // ts_out
  const withTsOut = (rec: Uint8Array) => {
    const out = new Uint8Array(56);
    out.set(rec);
    out[0] = 14;
    new DataView(out.buffer).setBigUint64(48, 1609160400200000000n, true);
    return out;
  };
  const bytes = concat([
    head,
    withTsOut(trades.subarray(353, 401)),
    withTsOut(trades.subarray(401, 449)),
  ]);
  const { metadata, batches } = decodeDbnBytes(bytes);
  assert.equal(metadata.tsOut, true);
  assert.equal(batches.length, 1);
  const t = batches[0].trades!;
  assert.deepEqual(t.tsRecv, new BigUint64Array([TRADES[0].tsRecv, TRADES[1].tsRecv]));
  assert.deepEqual(t.sequence, new Uint32Array([TRADES[0].sequence, TRADES[1].sequence]));
});

sampleTest("DbnReader closes its file when the consumer stops early or never reads", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/tbbo.dbn`;
    const bytes = tbboFile("test_data.tbbo.v2.dbn.zst", 50_000);
    await Deno.writeFile(path, bytes);
    await Deno.writeFile(`${path}.zst`, zstdCompressSync(bytes));
    for (const p of [path, `${path}.zst`]) {
      const reader = await openDbn(p, { batchRecords: 1000, chunkBytes: 64 * 1024 });
      for await (const b of reader.batches()) {
        assert.equal(b.mbp1!.length, 1000);
        break;
      }
      const unread = await openDbn(p);
      unread.close();
      unread.close();
    }
    // The resource sanitizer of Deno.test fails this test if a file stayed open.
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest("DbnReader.batches() can be iterated only once", async () => {
  const reader = await openDbn(dataPath("test_data.trades.dbn"));
  await collect(reader.batches());
  await assert.rejects(
    () => within(collect(reader.batches())),
    (e: unknown) => e instanceof HewstonError && e.code === "DBN_READER_USED",
  );
});
