import assert from "node:assert/strict";
import { allocBars } from "../domain/bars.ts";
import { decodeBarsParquet, encodeBarsParquet } from "./bars_parquet.ts";

function sampleBars(n: number) {
  const b = allocBars(n);
  for (let i = 0; i < n; i++) {
    b.ts[i] = Date.UTC(2024, 0, 2, 14, 30) + i * 60_000;
    b.open[i] = 100 + i * 0.01;
    b.high[i] = b.open[i] + 0.05;
    b.low[i] = b.open[i] - 0.05;
    b.close[i] = b.open[i] + 0.02;
    b.volume[i] = 1000 + i;
    b.vwap[i] = b.open[i] + 0.01;
    b.tradeCount[i] = 10 + (i % 7);
    b.bidMean[i] = i === 0 ? NaN : b.close[i] - 0.01;
    b.askMean[i] = i === 0 ? NaN : b.close[i] + 0.01;
    b.spreadMean[i] = i === 0 ? NaN : 0.02;
  }
  return b;
}

Deno.test("encodeBarsParquet() round-trips every column exactly, NaN included", async () => {
  const bars = sampleBars(500);
  const back = await decodeBarsParquet(await encodeBarsParquet(bars));
  assert.equal(back.length, 500);
  assert.deepEqual(back, bars);
});

Deno.test("encodeBarsParquet() is deterministic and writes a real Parquet file", async () => {
  const a = await encodeBarsParquet(sampleBars(1000));
  const b = await encodeBarsParquet(sampleBars(1000));
  assert.deepEqual(a, b);
  const magic = new TextDecoder().decode(a.subarray(0, 4));
  assert.equal(magic, "PAR1");
  assert.equal(new TextDecoder().decode(a.subarray(a.length - 4)), "PAR1");
});

Deno.test("msToNsInt64() converts whole-ms times to exact int64 ns without BigInt math", async () => {
  const { msToNsInt64 } = await import("./parquet_writer.ts");
  const ms = new Float64Array([0, 1, 1_709_908_200_000, 2 ** 42 - 1, 4_102_444_800_000]);
  assert.deepEqual(
    Array.from(msToNsInt64(ms)),
    Array.from(ms, (m) => BigInt(m) * 1_000_000n),
  );
});

Deno.test("numericColumn() and timestampColumnToMs() read sliced Arrow tables at the right rows", async () => {
  const { numericColumn, readParquet, timestampColumnToMs } = await import("./parquet.ts");
  const bars = sampleBars(10);
  const table = await readParquet(await encodeBarsParquet(bars));
  const sliced = table.slice(3, 7);
  assert.deepEqual(numericColumn(sliced, "open"), bars.open.slice(3, 7));
  assert.deepEqual(timestampColumnToMs(sliced, "ts"), bars.ts.slice(3, 7));
});
