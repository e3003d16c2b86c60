/**
 * @module
 * Tests of the JSON formatting: byte-for-byte `dbn -J` lines in raw mode, the default decimal
 * and ISO styles, control records, metadata and line limits.
 */
import assert from "node:assert/strict";
import type { DbnBatch } from "./types.ts";
import { decodeDbnBytes, openDbn } from "./decoder.ts";
import { UNDEF_PRICE } from "./fixed_point.ts";
import {
  batchLength,
  formatRecordLines,
  jsonLines,
  metadataToJson,
  recordToJson,
} from "./format_json.ts";
import { dataPath, readData, sampleTest } from "../testing/dbn_testdata.ts";

// Lines printed by Databento's CLI, `dbn -J <file>`, for these sample files (quoted from the
// comments of NimbleMarkets/dbn-go `dbn_test.go`, which reads the same upstream test data).
const DBN_J_TRADES = [
  '{"ts_recv":"1609160400099150057","hd":{"ts_event":"1609160400098821953","rtype":0,"publisher_id":1,"instrument_id":5482},"action":"T","side":"A","depth":0,"price":"3720250000000","size":5,"flags":129,"ts_in_delta":19251,"sequence":1170380}',
  '{"ts_recv":"1609160400108142648","hd":{"ts_event":"1609160400107665963","rtype":0,"publisher_id":1,"instrument_id":5482},"action":"T","side":"A","depth":0,"price":"3720250000000","size":21,"flags":129,"ts_in_delta":20728,"sequence":1170414}',
];
const DBN_J_MBP1 = [
  '{"ts_recv":"1609160400006136329","hd":{"ts_event":"1609160400006001487","rtype":1,"publisher_id":1,"instrument_id":5482},"action":"A","side":"A","depth":0,"price":"3720500000000","size":1,"flags":128,"ts_in_delta":17214,"sequence":1170362,"levels":[{"bid_px":"3720250000000","ask_px":"3720500000000","bid_sz":24,"ask_sz":11,"bid_ct":15,"ask_ct":9}]}',
  '{"ts_recv":"1609160400006246513","hd":{"ts_event":"1609160400006146661","rtype":1,"publisher_id":1,"instrument_id":5482},"action":"A","side":"A","depth":0,"price":"3720500000000","size":1,"flags":128,"ts_in_delta":18858,"sequence":1170364,"levels":[{"bid_px":"3720250000000","ask_px":"3720500000000","bid_sz":24,"ask_sz":12,"bid_ct":15,"ask_ct":10}]}',
];

function batchOf(name: string): DbnBatch {
  return decodeDbnBytes(readData(name), name).batches[0];
}

const raw = { px: "raw", iso: false } as const;

sampleTest("formatRecordLines() with raw prices and no ISO matches `dbn -J` byte for byte", () => {
  for (const name of ["test_data.trades.dbn", "test_data.trades.v1.dbn.zst"]) {
    assert.deepEqual(formatRecordLines(batchOf(name), raw), DBN_J_TRADES);
  }
  for (const name of ["test_data.mbp-1.dbn", "test_data.mbp-1.v3.dbn.zst"]) {
    assert.deepEqual(formatRecordLines(batchOf(name), raw), DBN_J_MBP1);
  }
});

sampleTest("formatRecordLines() prints OHLCV bars in dbn's shape", () => {
  assert.deepEqual(formatRecordLines(batchOf("test_data.ohlcv-1m.v2.dbn.zst"), raw), [
    '{"hd":{"ts_event":"1609160400000000000","rtype":33,"publisher_id":1,"instrument_id":5482},"open":"372025000000000","high":"372150000000000","low":"372025000000000","close":"372100000000000","volume":"353"}',
    '{"hd":{"ts_event":"1609160460000000000","rtype":33,"publisher_id":1,"instrument_id":5482},"open":"372100000000000","high":"372150000000000","low":"372100000000000","close":"372150000000000","volume":"152"}',
  ]);
});

sampleTest("recordToJson() defaults to decimal prices and ISO timestamp twins", () => {
  assert.deepEqual(recordToJson(batchOf("test_data.tbbo.v3.dbn.zst"), 1), {
    ts_recv: "1609160400108142648",
    ts_recv_iso: "2020-12-28T13:00:00.108142648Z",
    hd: {
      ts_event: "1609160400107665963",
      ts_event_iso: "2020-12-28T13:00:00.107665963Z",
      rtype: 1,
      publisher_id: 1,
      instrument_id: 5482,
    },
    action: "T",
    side: "A",
    depth: 0,
    price: "3720.250000000",
    size: 21,
    flags: 129,
    ts_in_delta: 20728,
    sequence: 1170414,
    levels: [{
      bid_px: "3720.250000000",
      ask_px: "3720.500000000",
      bid_sz: 21,
      ask_sz: 22,
      bid_ct: 13,
      ask_ct: 15,
    }],
  });
});

sampleTest("recordToJson() prints prices as numbers on request and UNDEF_PRICE as null", () => {
  const batch = batchOf("test_data.ohlcv-1m.dbn");
  const bar = recordToJson(batch, 0, { px: "number", iso: false });
  assert.deepEqual(
    [bar.open, bar.high, bar.low, bar.close, bar.volume],
    [372025, 372150, 372025, 372100, "353"],
  );
  const trades = batchOf("test_data.trades.dbn");
  trades.trades!.price[0] = UNDEF_PRICE;
  assert.equal(recordToJson(trades, 0).price, null);
  assert.equal(recordToJson(trades, 0, { px: "number" }).price, null);
  assert.equal(recordToJson(trades, 0, raw).price, "9223372036854775807");
});

Deno.test("recordToJson() prints control records", () => {
  const batch: DbnBatch = {
    offset: 0,
    control: [
      {
        kind: "symbol_mapping",
        rtype: 0x16,
        instrumentId: 5482,
        tsEvent: 1609160400000000000n,
        stypeInSymbol: "ESH1",
        stypeOutSymbol: "5482",
        startTs: 1609113600000000000n,
        endTs: 1609200000000000000n,
      },
      { kind: "error", rtype: 0x15, tsEvent: 0n, text: "bad", code: 2 },
      { kind: "system", rtype: 0x17, tsEvent: 0n, text: "Heartbeat", code: null },
    ],
  };
  assert.equal(batchLength(batch), 3);
  assert.deepEqual(formatRecordLines(batch, { iso: false }), [
    '{"hd":{"ts_event":"1609160400000000000","rtype":22,"instrument_id":5482},"stype_in_symbol":"ESH1","stype_out_symbol":"5482","start_ts":"1609113600000000000","end_ts":"1609200000000000000"}',
    '{"hd":{"ts_event":"0","rtype":21},"err":"bad","code":2}',
    '{"hd":{"ts_event":"0","rtype":23},"msg":"Heartbeat","code":null}',
  ]);
});

sampleTest("metadataToJson() names schema and stypes and keeps u64 as text", () => {
  const { metadata } = decodeDbnBytes(readData("test_data.tbbo.v1.dbn.zst"));
  assert.deepEqual(metadataToJson(metadata), {
    version: 1,
    dataset: "GLBX.MDP3",
    schema: "tbbo",
    start: "1609160400000000000",
    start_iso: "2020-12-28T13:00:00.000000000Z",
    end: "1609200000000000000",
    end_iso: "2020-12-29T00:00:00.000000000Z",
    limit: "2",
    stype_in: "raw_symbol",
    stype_out: "instrument_id",
    ts_out: false,
    symbol_cstr_len: 22,
    symbols: ["ESH1"],
    partial: [],
    not_found: [],
    mappings: [{
      raw_symbol: "ESH1",
      intervals: [{ start_date: "2020-12-28", end_date: "2020-12-29", symbol: "5482" }],
    }],
  });
  const none = { ...metadata, schema: null, end: null, stypeIn: null };
  const json = metadataToJson(none, { iso: false });
  assert.deepEqual([json.schema, json.end, json.stype_in, json.end_iso], [
    null,
    null,
    null,
    undefined,
  ]);
});

sampleTest("jsonLines() stops after the limit across batches", async () => {
  const reader = await openDbn(dataPath("test_data.trades.v2.dbn.zst"), { batchRecords: 1 });
  const lines: string[] = [];
  for await (const line of jsonLines(reader.batches(), { ...raw, limit: 1 })) lines.push(line);
  assert.deepEqual(lines, [DBN_J_TRADES[0]]);
  const all = await openDbn(dataPath("test_data.trades.dbn"), { batchRecords: 1 });
  const every: string[] = [];
  for await (const line of jsonLines(all.batches(), raw)) every.push(line);
  assert.deepEqual(every, DBN_J_TRADES);
});
