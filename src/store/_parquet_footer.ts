/**
 * @module
 * The Parquet writer's footer: FileMetaData (schema, row groups and their column chunks with
 * statistics, key-value metadata, created_by, column orders) in the Thrift compact protocol.
 */
import { canonicalJson } from "../domain/canonical_json.ts";
import { encodeIpcSchema } from "./arrow_ipc.ts";
import {
  BOOLEAN,
  BYTE_ARRAY,
  type ChunkMeta,
  DATA_PAGE,
  DICTIONARY_PAGE,
  type Leaf,
  OPTIONAL,
  PARQUET_METADATA_KEY,
  PLAIN,
  REQUIRED,
  RLE,
  RLE_DICTIONARY,
  type Stats,
  UINT_32,
  UTF8,
  ZSTD,
} from "./_parquet_format.ts";
import { CompactWriter, TType } from "./thrift_compact.ts";

/** Names the writer in the footer; bump the number when the bytes it writes change. */
const CREATED_BY = "hewston parquet_writer version 1";

/** The footer (FileMetaData) of a file of `rows` rows whose chunks `groups` holds. */
export function fileMetadata(
  leaves: Leaf[],
  groups: ChunkMeta[][],
  rows: number,
  metadata: Record<string, string> | undefined,
): Uint8Array {
  const w = new CompactWriter();
  w.i32(1, 1); // version
  w.list(2, TType.STRUCT, leaves.length + 1);
  w.elemStruct();
  w.string(4, "arrow_schema"); // the root's name, as parquet-rs names it
  w.i32(5, leaves.length);
  w.end();
  for (const leaf of leaves) schemaElement(w, leaf);
  w.i64(3, rows);
  w.list(4, TType.STRUCT, groups.length);
  groups.forEach((group, ordinal) => rowGroup(w, group, ordinal));
  const kv: [string, string][] = [];
  if (metadata) kv.push([PARQUET_METADATA_KEY, canonicalJson(metadata)]);
  kv.push(["ARROW:schema", arrowSchema(leaves)]);
  w.list(5, TType.STRUCT, kv.length);
  for (const [key, value] of kv) {
    w.elemStruct();
    w.string(1, key);
    w.string(2, value);
    w.end();
  }
  w.string(6, CREATED_BY);
  // Every column's statistics follow its type's defined sort order.
  w.list(7, TType.STRUCT, leaves.length);
  for (let i = 0; i < leaves.length; i++) {
    w.elemStruct();
    w.struct(1); // TYPE_ORDER
    w.end();
    w.end();
  }
  w.end();
  return w.bytes().slice();
}

function schemaElement(w: CompactWriter, leaf: Leaf): void {
  w.elemStruct();
  w.i32(1, leaf.physical);
  w.i32(3, leaf.optional ? OPTIONAL : REQUIRED);
  w.string(4, leaf.name);
  if (leaf.arrow === "utf8") w.i32(6, UTF8);
  if (leaf.arrow === "u32") w.i32(6, UINT_32);
  if (leaf.arrow === "utf8" || leaf.arrow === "u32" || leaf.arrow === "timestamp_ns_utc") {
    w.struct(10); // LogicalType (a union: one field set)
    if (leaf.arrow === "utf8") {
      w.struct(1); // STRING
      w.end();
    } else if (leaf.arrow === "u32") {
      w.struct(10); // INTEGER
      w.i8(1, 32);
      w.bool(2, false);
      w.end();
    } else {
      w.struct(8); // TIMESTAMP
      w.bool(1, true); // isAdjustedToUTC
      w.struct(2); // unit
      w.struct(3); // NANOS
      w.end();
      w.end();
      w.end();
    }
    w.end();
  }
  w.end();
}

function rowGroup(w: CompactWriter, chunks: ChunkMeta[], ordinal: number): void {
  w.elemStruct();
  w.list(1, TType.STRUCT, chunks.length);
  let uncompressed = 0, compressed = 0;
  for (const c of chunks) {
    columnChunk(w, c);
    uncompressed += c.uncompressed;
    compressed += c.compressed;
  }
  w.i64(2, uncompressed);
  w.i64(3, chunks[0].rows);
  w.i64(5, chunks[0].dictionaryOffset ?? chunks[0].dataOffset);
  w.i64(6, compressed);
  w.i16(7, ordinal);
  w.end();
}

function columnChunk(w: CompactWriter, c: ChunkMeta): void {
  const leaf = c.leaf;
  w.elemStruct();
  w.i64(2, 0); // file_offset: deprecated, 0 as parquet-rs writes it
  w.struct(3);
  w.i32(1, leaf.physical);
  const dictionary = c.dictionaryOffset !== null;
  const encodings = dictionary ? [PLAIN, RLE, RLE_DICTIONARY] : [PLAIN, RLE];
  w.list(2, TType.I32, encodings.length);
  for (const e of encodings) w.elemI32(e);
  w.list(3, TType.BINARY, 1);
  w.elemString(leaf.name);
  w.i32(4, ZSTD);
  w.i64(5, c.rows);
  w.i64(6, c.uncompressed);
  w.i64(7, c.compressed);
  w.i64(9, c.dataOffset);
  if (dictionary) w.i64(11, c.dictionaryOffset!);
  if (c.stats) statistics(w, 12, c.stats, leaf);
  else {
    w.struct(12);
    w.i64(3, 0); // null_count
    w.end();
  }
  const pageStats: [number, number, number][] = [[
    DATA_PAGE,
    dictionary ? RLE_DICTIONARY : PLAIN,
    c.dataPages,
  ]];
  if (dictionary) pageStats.unshift([DICTIONARY_PAGE, PLAIN, 1]);
  w.list(13, TType.STRUCT, pageStats.length);
  for (const [type, encoding, count] of pageStats) {
    w.elemStruct();
    w.i32(1, type);
    w.i32(2, encoding);
    w.i32(3, count);
    w.end();
  }
  w.end();
  w.i64(4, c.offsetIndexOffset);
  w.i32(5, c.offsetIndex.length);
  if (c.columnIndex) {
    w.i64(6, c.columnIndexOffset);
    w.i32(7, c.columnIndex.length);
  }
  w.end();
}

function statistics(w: CompactWriter, id: number, s: Stats, leaf: Leaf): void {
  w.struct(id);
  // The deprecated min/max only where they mean the same (signed order), as parquet-rs does.
  const signed = leaf.physical !== BYTE_ARRAY && leaf.physical !== BOOLEAN && leaf.arrow !== "u32";
  if (signed) {
    w.binary(1, s.max);
    w.binary(2, s.min);
  }
  w.i64(3, 0); // null_count
  w.binary(5, s.max);
  w.binary(6, s.min);
  w.bool(7, true); // is_max_value_exact
  w.bool(8, true); // is_min_value_exact
  w.end();
}

function arrowSchema(leaves: Leaf[]): string {
  const msg = encodeIpcSchema(
    leaves.map((l) => ({ name: l.name, type: l.arrow, nullable: l.optional })),
  );
  let s = "";
  for (let i = 0; i < msg.length; i++) s += String.fromCharCode(msg[i]);
  return btoa(s);
}
