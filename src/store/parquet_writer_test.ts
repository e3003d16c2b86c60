import assert from "node:assert/strict";
import { parquetMetadata, readColumnIndex, readOffsetIndex } from "hyparquet";
import { readParquet, readParquetRows } from "./parquet.ts";
import { PARQUET_METADATA_KEY, type ParquetColumn, writeParquet } from "./parquet_writer.ts";
import { writeParquetViaArrow } from "./testing/arrow_parquet_writer.ts";
import {
  plainColumns,
  readViaHyparquet,
  readViaParquetWasm,
  sampleColumns,
} from "./testing/parquet_columns.ts";

const META = { run_id: "r", note: "ünïcode", a: "1" };

function metadataOf(bytes: Uint8Array) {
  return parquetMetadata(bytes.slice().buffer);
}

function view(bytes: Uint8Array, offset: bigint | undefined, length: number | undefined) {
  return { view: new DataView(bytes.buffer, bytes.byteOffset + Number(offset), length), offset: 0 };
}

Deno.test("writeParquet() files decode to exactly the columns written, through parquet-wasm and through hyparquet", async () => {
  // Page (20,480 rows) and bit-packing (8 values) boundaries on both sides.
  for (const n of [0, 1, 2, 7, 8, 9, 20_479, 20_480, 20_481, 70_001]) {
    const cols = sampleColumns(n, n + 1);
    const bytes = await writeParquet(cols, { metadata: META });
    const want = plainColumns(cols);
    assert.deepStrictEqual(await readViaParquetWasm(bytes), want, `parquet-wasm, ${n} rows`);
    assert.deepStrictEqual(await readViaHyparquet(bytes), want, `hyparquet, ${n} rows`);
  }
});

Deno.test("writeParquet() files read back to the Arrow schema and values parquet-wasm's own writer gave for the same columns", async () => {
  for (const n of [0, 1, 70_001]) {
    const cols = sampleColumns(n, 7 * n + 3);
    const ours = await writeParquet(cols, { metadata: META });
    const theirs = await writeParquetViaArrow(cols, { metadata: META });
    const [a, b] = [await readParquet(ours), await readParquet(theirs)];
    const fields = (t: typeof a) =>
      t.schema.fields.map((f) => [f.name, String(f.type), f.nullable]);
    assert.deepEqual(fields(a), fields(b), `schema, ${n} rows`);
    assert.deepEqual(a.schema.metadata, b.schema.metadata, `key-value metadata, ${n} rows`);
    assert.deepStrictEqual(await readViaParquetWasm(ours), await readViaParquetWasm(theirs));
    assert.deepStrictEqual(await readViaHyparquet(ours), await readViaHyparquet(theirs));
    // The Parquet schema itself (types, logical types, repetition) is the one it wrote.
    assert.deepEqual(metadataOf(ours).schema.slice(1), metadataOf(theirs).schema.slice(1));
  }
});

Deno.test("writeParquet() writes the same bytes for the same columns, whatever arrays hold them", async () => {
  const cols = sampleColumns(30_000, 11);
  const first = await writeParquet(cols, { metadata: META });
  // The same values in arrays that start inside larger buffers, and metadata keys reordered.
  const moved = cols.map(([name, col]): [string, ParquetColumn] => {
    if (!ArrayBuffer.isView(col.values)) {
      return [name, { ...col, values: [...col.values] } as ParquetColumn];
    }
    const src = col.values as Float64Array;
    const big = new (src.constructor as Float64ArrayConstructor)(src.length + 3);
    big.set(src, 3);
    return [name, { ...col, values: big.subarray(3) } as ParquetColumn];
  });
  for (let i = 0; i < 3; i++) {
    const again = await writeParquet(i === 0 ? cols : moved, {
      metadata: { note: META.note, a: META.a, run_id: META.run_id },
    });
    assert.deepEqual(again, first);
  }
});

Deno.test("writeParquet() keeps the metadata as one canonical JSON value under one footer key, beside ARROW:schema", async () => {
  const bytes = await writeParquet(sampleColumns(3, 1), { metadata: { b: "2", a: "1" } });
  const kv = metadataOf(bytes).key_value_metadata!;
  assert.deepEqual(kv.map((e) => e.key), [PARQUET_METADATA_KEY, "ARROW:schema"]);
  assert.equal(kv[0].value, '{"a":"1","b":"2"}');
  assert.deepEqual(
    metadataOf(await writeParquet(sampleColumns(3, 1))).key_value_metadata!.map((e) => e.key),
    ["ARROW:schema"],
  );
});

Deno.test("writeParquet() writes a footer by the spec: magic, created_by, pages of 20,480 rows in the offset index, statistics and column index", async () => {
  const n = 70_001;
  const cols = sampleColumns(n, 3);
  const bytes = await writeParquet(cols);
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(text(bytes.subarray(0, 4)), "PAR1");
  assert.equal(text(bytes.subarray(bytes.length - 4)), "PAR1");
  const meta = metadataOf(bytes);
  assert.equal(meta.created_by, "hewston parquet_writer version 1");
  assert.equal(meta.num_rows, BigInt(n));
  assert.equal(meta.row_groups.length, 1);
  const want = plainColumns(cols);
  for (const [i, chunk] of meta.row_groups[0].columns.entries()) {
    const name = cols[i][0];
    const kind = cols[i][1].kind;
    const md = chunk.meta_data!;
    assert.equal(md.codec, "ZSTD");
    assert.equal(md.num_values, BigInt(n));
    // The offset index: 4 pages of 20,480 rows and one of 8,561, laid end to end.
    const pages = readOffsetIndex(
      view(bytes, chunk.offset_index_offset, chunk.offset_index_length),
    ).page_locations;
    assert.deepEqual(
      pages.map((p) => Number(p.first_row_index)),
      [0, 20480, 40960, 61440]
        .concat(n > 81920 ? [81920] : []),
    );
    assert.equal(Number(pages[0].offset), Number(md.data_page_offset), name);
    for (let p = 1; p < pages.length; p++) {
      assert.equal(
        Number(pages[p].offset),
        Number(pages[p - 1].offset) + pages[p - 1].compressed_page_size,
      );
    }
    // Statistics: the min and max of the values in the column's sort order (NaN left out).
    const values = want[name].filter((v) => !(typeof v === "number" && Number.isNaN(v)));
    const sorted = kind === "utf8"
      ? [...values as string[]].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      : [...values].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
    const stats = md.statistics!;
    assert.equal(stats.null_count, 0n);
    const decoded = (v: unknown) =>
      kind === "timestamp_ms_as_ns" ? BigInt((v as Date).getTime()) * 1_000_000n : v;
    if (kind !== "timestamp_ms_as_ns") {
      assert.deepStrictEqual(decoded(stats.min_value), sorted[0], `${name} min`);
      assert.deepStrictEqual(decoded(stats.max_value), sorted[sorted.length - 1], `${name} max`);
    } else {
      assert.equal(decoded(stats.min_value), sorted[0]);
      assert.equal(decoded(stats.max_value), sorted[sorted.length - 1]);
    }
    // The column index: one min/max per page, no null pages.
    const index = readColumnIndex(
      view(bytes, chunk.column_index_offset, chunk.column_index_length),
      meta.schema[i + 1],
    );
    assert.equal(index.null_pages.length, pages.length);
    assert.ok(index.null_pages.every((x) => x === false));
    if (name === "ts") assert.equal(index.boundary_order, "ASCENDING");
  }
});

Deno.test("writeParquet() statistics follow the spec for doubles: NaN ignored, -0 as min and +0 as max, none for all-NaN", async () => {
  const stats = async (values: number[]) => {
    const bytes = await writeParquet([["x", { kind: "f64", values: Float64Array.from(values) }]]);
    return metadataOf(bytes).row_groups[0].columns[0].meta_data!.statistics!;
  };
  const zeros = await stats([0, NaN, -0, 0]);
  assert.ok(Object.is(zeros.min_value, -0) && Object.is(zeros.max_value, 0));
  const mixed = await stats([NaN, 3, -Infinity, 2]);
  assert.deepEqual([mixed.min_value, mixed.max_value], [-Infinity, 3]);
  const nan = await stats([NaN, NaN]);
  assert.equal(nan.min_value, undefined);
  assert.equal(nan.max_value, undefined);
});

Deno.test("readParquetRows() reads a range across a page boundary of a writeParquet file as a whole decode slices it", async () => {
  const cols = sampleColumns(70_001, 21);
  const bytes = await writeParquet(cols);
  const whole = await readParquet(bytes);
  for (const [offset, limit] of [[20_470, 20], [0, 5], [69_990, 50], [70_001, 3]]) {
    const { table, total } = await readParquetRows(bytes, offset, limit);
    assert.equal(total, 70_001);
    const end = Math.min(offset + limit, 70_001);
    assert.equal(table.numRows, Math.max(0, end - offset));
    for (const name of ["x", "word", "i64", "flag"]) {
      assert.deepStrictEqual(
        table.getChild(name)!.toArray(),
        whole.getChild(name)!.slice(offset, end).toArray(),
        `${name} @${offset}`,
      );
    }
  }
});

Deno.test("a string column whose dictionary would pass 1 MiB is written PLAIN and reads back the same", async () => {
  const n = 70_001;
  const long = Array.from({ length: n }, (_, i) => `distinct value number ${i} `.padEnd(24, "x"));
  const cols: [string, ParquetColumn][] = [
    ["s", { kind: "utf8", values: long }],
    ["few", { kind: "utf8", values: long.map((_, i) => (i % 3 ? "a" : "b")) }],
  ];
  const bytes = await writeParquet(cols);
  const [plain, dict] = metadataOf(bytes).row_groups[0].columns.map((c) => c.meta_data!);
  assert.ok(
    !plain.encodings.includes("RLE_DICTIONARY") && plain.dictionary_page_offset === undefined,
  );
  assert.ok(dict.encodings.includes("RLE_DICTIONARY") && dict.dictionary_page_offset !== undefined);
  const want = plainColumns(cols);
  assert.deepStrictEqual(await readViaParquetWasm(bytes), want);
  assert.deepStrictEqual(await readViaHyparquet(bytes), want);
});

Deno.test("a table of more than 2^20 rows is written as row groups of 2^20 rows that read back whole", async () => {
  const n = (1 << 20) + 5;
  const cols: [string, ParquetColumn][] = [
    ["i", { kind: "i32", values: Int32Array.from({ length: n }, (_, k) => k * 7 - 5) }],
    ["s", { kind: "utf8", values: Array.from({ length: n }, (_, k) => (k % 5 < 2 ? "p" : "q")) }],
  ];
  const bytes = await writeParquet(cols);
  const meta = metadataOf(bytes);
  assert.deepEqual(meta.row_groups.map((g) => g.num_rows), [1n << 20n, 5n]);
  const want = plainColumns(cols);
  assert.deepStrictEqual(await readViaParquetWasm(bytes), want);
  assert.deepStrictEqual(await readViaHyparquet(bytes), want);
});

Deno.test("writeParquet() refuses columns of different lengths", async () => {
  await assert.rejects(
    writeParquet([
      ["a", { kind: "f64", values: new Float64Array(2) }],
      ["b", { kind: "i32", values: new Int32Array(3) }],
    ]),
    /column b has 3 values, not 2/,
  );
});
