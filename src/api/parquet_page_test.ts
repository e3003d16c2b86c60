import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import * as pq from "parquet-wasm/esm";
import { initParquetWasm, readParquet } from "../store/parquet.ts";
import { writeParquet } from "../store/parquet_writer.ts";
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

Deno.test("parquetPage() pages a file of many row groups exactly as a whole decode slices it", async () => {
  // A file another tool wrote: 2,500 rows in row groups of 300 (pages cross their bounds).
  await initParquetWasm();
  const n = 2500;
  const table = arrow.tableFromArrays({
    i: Int32Array.from({ length: n }, (_, k) => k),
    x: Float64Array.from({ length: n }, (_, k) => k / 8),
  });
  const props = new pq.WriterPropertiesBuilder().setMaxRowGroupSize(300).build();
  const bytes = pq.writeParquet(pq.Table.fromIPCStream(arrow.tableToIPC(table, "stream")), props);
  const whole = await readParquet(bytes);
  for (const [offset, limit] of [[0, 100], [250, 100], [299, 2], [1190, 320], [2450, 100]]) {
    const page = await parquetPage(bytes, offset, limit);
    assert.equal(page.total, n);
    const end = Math.min(n, offset + limit);
    assert.deepEqual(
      page.rows,
      Array.from({ length: end - offset }, (_, k) => [
        whole.getChild("i")!.get(offset + k),
        whole.getChild("x")!.get(offset + k),
      ]),
    );
  }
  const past = await parquetPage(bytes, 5000, 10);
  assert.deepEqual(past.rows, []);
  assert.deepEqual(past.columns.map((c) => c.name), ["i", "x"]);
});
