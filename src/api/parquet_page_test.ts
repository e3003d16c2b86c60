import assert from "node:assert/strict";
import { writeParquet } from "../store/parquet.ts";
import { parquetPage } from "./parquet_page.ts";

async function sample(): Promise<Uint8Array> {
  return await writeParquet([
    ["ts", {
      kind: "timestamp_ms_as_ns",
      values: Float64Array.from([0, 60_000, 120_000, 180_000]),
    }],
    ["x", { kind: "f64", values: Float64Array.from([1.5, NaN, -2, 4]) }],
    ["n", { kind: "i32", values: Int32Array.from([5, 6, 7, 8]) }],
    ["c", { kind: "u32", values: Uint32Array.from([9, 10, 11, 12]) }],
    ["big", { kind: "i64", values: BigInt64Array.from([1n, 2n, 3n, 4n]) }],
    ["s", { kind: "utf8", values: ["a", "b", "c", "d"] }],
  ]);
}

Deno.test("parquetPage() returns the rows of a range with ISO times and null for NaN", async () => {
  const page = await parquetPage(await sample(), 1, 2);
  assert.deepEqual(page, {
    columns: [
      { name: "ts", type: "timestamp" },
      { name: "x", type: "float64" },
      { name: "n", type: "int32" },
      { name: "c", type: "uint32" },
      { name: "big", type: "int64" },
      { name: "s", type: "string" },
    ],
    rows: [
      ["1970-01-01T00:01:00.000Z", null, 6, 10, 2, "b"],
      ["1970-01-01T00:02:00.000Z", -2, 7, 11, 3, "c"],
    ],
    total: 4,
    offset: 1,
    limit: 2,
  });
});

Deno.test("parquetPage() gives no rows past the end and clips the last page", async () => {
  const bytes = await sample();
  assert.deepEqual((await parquetPage(bytes, 9, 5)).rows, []);
  assert.deepEqual((await parquetPage(bytes, 3, 5)).rows, [
    ["1970-01-01T00:03:00.000Z", 4, 8, 12, 4, "d"],
  ]);
  assert.equal((await parquetPage(bytes, 0, 10)).rows.length, 4);
});
