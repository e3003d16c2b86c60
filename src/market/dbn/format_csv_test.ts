import assert from "node:assert/strict";
import { csvCell, csvLines, flattenRecord } from "./format_csv.ts";
import { recordToJson } from "./format_json.ts";
import type { DbnBatch } from "./types.ts";

Deno.test("flattenRecord() puts header fields inline and numbers book levels from 00", () => {
  assert.deepEqual(
    flattenRecord({
      ts_recv: "5",
      hd: { ts_event: "4", rtype: 1 },
      price: "1.5",
      levels: [{ bid_px: "1", ask_px: null }, { bid_px: "0.5", ask_px: "2" }],
    }),
    {
      ts_recv: "5",
      ts_event: "4",
      rtype: 1,
      price: "1.5",
      bid_px_00: "1",
      ask_px_00: null,
      bid_px_01: "0.5",
      ask_px_01: "2",
    },
  );
});

Deno.test("csvCell() quotes text with separators and leaves null cells empty", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(0), "0");
});

Deno.test("csvLines() prints one header, skips control records and stops at the limit", async () => {
  const control = { control: [{ kind: "system", rtype: 0x17, tsEvent: 1n, text: "hb", code: 0 }] };
  const ohlcv = (n: number) => ({
    ohlcv: {
      length: n,
      tsEvent: BigUint64Array.from({ length: n }, (_, i) => BigInt(i) * 60_000_000_000n),
      rtype: new Uint8Array(n).fill(0x21),
      publisherId: new Uint16Array(n).fill(1),
      instrumentId: new Uint32Array(n).fill(7),
      open: BigInt64Array.from({ length: n }, () => 1_500_000_000n),
      high: BigInt64Array.from({ length: n }, () => 2_000_000_000n),
      low: BigInt64Array.from({ length: n }, () => 1_000_000_000n),
      close: BigInt64Array.from({ length: n }, () => 1_250_000_000n),
      volume: BigUint64Array.from({ length: n }, () => 10n),
    },
  });
  const batches = [control, ohlcv(2), ohlcv(3)] as unknown as DbnBatch[];
  const lines: string[] = [];
  for await (const l of csvLines(batches, { limit: 4, iso: false })) lines.push(l);
  assert.deepEqual(lines, [
    "ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume",
    "0,33,1,7,1.500000000,2.000000000,1.000000000,1.250000000,10",
    "60000000000,33,1,7,1.500000000,2.000000000,1.000000000,1.250000000,10",
    "0,33,1,7,1.500000000,2.000000000,1.000000000,1.250000000,10",
    "60000000000,33,1,7,1.500000000,2.000000000,1.000000000,1.250000000,10",
  ]);
  // The cells are the JSON view's values.
  const rec = recordToJson(batches[1], 1, { iso: false });
  assert.equal(lines[2].split(",")[4], rec.open);
});
