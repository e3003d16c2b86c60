/**
 * @module
 * The Parquet writer as it was before `arrow_ipc.ts`: columns → apache-arrow vectors → a
 * `Table` → `tableToIPC` → parquet-wasm, with the same writer properties as `parquet.ts`.
 * The oracle `arrow_ipc_test.ts` checks the direct IPC path against, byte for byte.
 */
import * as arrow from "apache-arrow";
import * as pq from "parquet-wasm/esm";
import { initParquetWasm, msToNsInt64, type ParquetColumn } from "../parquet.ts";

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
    const sorted = Object.entries(opts.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    builder = builder.setKeyValueMetadata(new Map(sorted));
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
