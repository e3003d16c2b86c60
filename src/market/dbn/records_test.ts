/**
 * @module
 * Tests of the record walker's feeding paths: records split at every byte, batch cuts, and
 * in-place reads into alternating aligned buffers.
 */
import assert from "node:assert/strict";
import type { DbnBatch } from "./types.ts";
import { allocAligned, RecordDecoder } from "./records.ts";
import { HAVE_SAMPLES, readData, sampleTest, TRADES } from "../testing/dbn_testdata.ts";

// Read only when present: without the samples every test here is skipped (sampleTest).
const records = HAVE_SAMPLES
  ? readData("test_data.trades.dbn").subarray(353) // two 48-byte TradeMsg records
  : new Uint8Array(0);

function drain(dec: RecordDecoder, out: DbnBatch[]): void {
  let b: DbnBatch | null;
  while ((b = dec.next()) !== null) out.push(b);
}

sampleTest("RecordDecoder.push() completes records split at any byte", () => {
  for (let cut = 1; cut < records.length; cut++) {
    const dec = new RecordDecoder("t", 353);
    const out: DbnBatch[] = [];
    assert.equal(dec.push(records.subarray(0, cut)), cut);
    drain(dec, out);
    assert.equal(dec.push(records.subarray(cut)), records.length - cut);
    drain(dec, out);
    const last = dec.finish();
    if (last) out.push(last);
    const seq = out.flatMap((b) => Array.from(b.trades!.sequence));
    assert.deepEqual(seq, [TRADES[0].sequence, TRADES[1].sequence], `cut at ${cut}`);
    assert.equal(out[0].offset, 353);
    assert.equal(dec.offset, 449);
  }
});

sampleTest("RecordDecoder.next() returns full batches of batchRecords rows", () => {
  const dec = new RecordDecoder("t", 353, { batchRecords: 1 });
  dec.push(records);
  const a = dec.next()!;
  const b = dec.next()!;
  assert.equal(dec.next(), null);
  assert.equal(dec.finish(), null);
  assert.deepEqual([a.offset, b.offset], [353, 401]);
  assert.deepEqual([a.trades!.size[0], b.trades!.size[0]], [5, 21]);
  assert.equal(dec.records, 2);
});

sampleTest("RecordDecoder.feedInPlace() decodes reads landing in alternating buffers", () => {
  const dec = new RecordDecoder("t", 353);
  const bufs = [allocAligned(64), allocAligned(64)];
  const out: DbnBatch[] = [];
  let offset = 353;
  // Feed 30, 30 and 36 bytes: both records straddle a buffer switch.
  for (const [k, n] of [[0, 30], [1, 30], [0, 36]]) {
    const start = dec.readIndex(offset);
    bufs[k].u8.set(records.subarray(offset - 353, offset - 353 + n), start);
    dec.feedInPlace(bufs[k], start, n);
    offset += n;
    drain(dec, out);
  }
  out.push(dec.finish()!);
  const t = out[0].trades!;
  assert.equal(t.length, 2);
  assert.deepEqual(t.tsRecv, new BigUint64Array([TRADES[0].tsRecv, TRADES[1].tsRecv]));
  assert.deepEqual(t.tsInDelta, new Int32Array([TRADES[0].tsInDelta, TRADES[1].tsInDelta]));
});

sampleTest("RecordDecoder.feedInPlace() refuses a read index that breaks alignment", () => {
  const dec = new RecordDecoder("t", 353);
  dec.push(records.subarray(0, 10));
  assert.equal(dec.next(), null);
  const buf = allocAligned(64);
  assert.throws(() => dec.feedInPlace(buf, dec.readIndex(363) + 1, 0), /misaligned feed/);
});

sampleTest("RecordDecoder keeps interleaved record kinds cheap and in order", () => {
  // 70,000 records alternating TradeMsg (rtype 0x00) and Mbp1Msg (rtype 0x01): each kind
  // change ends a batch, which must not cost a full-size batch allocation per record.
  const tbboRecords = readData("test_data.tbbo.dbn");
  const mbp1 = tbboRecords.subarray(tbboRecords.length - 80);
  const trade = records.subarray(0, 48);
  const n = 70_000;
  const bytes = new Uint8Array((n / 2) * (48 + 80));
  for (let i = 0, at = 0; i < n / 2; i++) {
    bytes.set(trade, at);
    bytes.set(mbp1, at + 48);
    at += 128;
  }
  const dec = new RecordDecoder("<interleaved>", 0, { batchRecords: 65536 });
  const out: DbnBatch[] = [];
  for (let at = 0; at < bytes.length;) {
    at += dec.push(bytes.subarray(at));
    drain(dec, out);
  }
  const last = dec.finish();
  if (last) out.push(last);
  assert.equal(out.length, n);
  assert.equal(out.filter((b) => b.trades).length, n / 2);
  assert.ok(out[0].trades && out[1].mbp1 && out[n - 1].mbp1, "file order is kept");
  assert.equal(out[n - 1].offset, (n / 2 - 1) * 128 + 48);
  assert.equal(out[2].trades!.price[0], TRADES[0].price);
});
