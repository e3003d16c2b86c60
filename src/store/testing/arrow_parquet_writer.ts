/**
 * @module
 * Parquet as Hewston wrote it before `parquet_writer.ts`: columns → apache-arrow vectors → a
 * `Table` → `tableToIPC` → parquet-wasm (Rust's parquet crate), zstd, dictionary pages for
 * strings only, metadata as one canonical JSON value under one footer key. The oracle the
 * writer's tests compare with: the same schema and the same decoded values.
 */
import * as arrow from "apache-arrow";
import * as pq from "parquet-wasm/esm";
import { canonicalJson } from "../../domain/canonical_json.ts";
import { initParquetWasm } from "../parquet.ts";
import { msToNsInt64, PARQUET_METADATA_KEY, type ParquetColumn } from "../parquet_writer.ts";

/** Parquet bytes of `columns`, through apache-arrow. */
export async function writeParquetViaArrow(
  columns: [string, ParquetColumn][],
  opts: { metadata?: Record<string, string> } = {},
): Promise<Uint8Array> {
  await initParquetWasm();
  const wasmTable = pq.Table.fromIPCStream(arrowIpcStream(columns));
  let builder = new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression.ZSTD)
    .setDictionaryEnabled(false)
    .setMaxRowGroupSize(1 << 20);
  for (const [name, col] of columns) {
    if (col.kind === "utf8") builder = builder.setColumnDictionaryEnabled(name, true);
  }
  if (opts.metadata) {
    builder = builder.setKeyValueMetadata(
      new Map([[PARQUET_METADATA_KEY, canonicalJson(opts.metadata)]]),
    );
  }
  return pq.writeParquet(wasmTable, builder.build());
}

/** The Arrow IPC stream apache-arrow writes for `columns`. */
export function arrowIpcStream(columns: [string, ParquetColumn][]): Uint8Array {
  const vectors: Record<string, arrow.Vector> = {};
  for (const [name, col] of columns) vectors[name] = toVector(col);
  return arrow.tableToIPC(new arrow.Table(vectors), "stream");
}

function toVector(col: ParquetColumn): arrow.Vector {
  switch (col.kind) {
    case "f64":
    case "i64":
    case "i32":
    case "u32":
      return arrow.makeVector(col.values);
    case "utf8":
      return arrow.vectorFromArray(col.values, new arrow.Utf8());
    case "bool":
      return arrow.vectorFromArray(col.values, new arrow.Bool());
    case "timestamp_ms_as_ns": {
      const ns = msToNsInt64(col.values);
      const type = new arrow.TimestampNanosecond("UTC");
      return arrow.makeVector(arrow.makeData({ type, length: ns.length, data: ns }));
    }
  }
}
