/**
 * @module
 * The Parquet format as `parquet_writer.ts` writes it: `parquet.thrift`'s enum values, and the
 * shapes a column takes between its values and the footer (a leaf of the schema, a written
 * column chunk, a page's statistics).
 */
import type { IpcField } from "./arrow_ipc.ts";

/** The one footer key under which `writeParquet` stores a file's metadata (as JSON). */
export const PARQUET_METADATA_KEY = "hewston";

/** Physical types (`Type`). */
export const BOOLEAN = 0, INT32 = 1, INT64 = 2, DOUBLE = 5, BYTE_ARRAY = 6;
/** Repetition (`FieldRepetitionType`). */
export const REQUIRED = 0, OPTIONAL = 1;
/** Encodings (`Encoding`). */
export const PLAIN = 0, RLE = 3, RLE_DICTIONARY = 8;
/** Compression (`CompressionCodec`). */
export const ZSTD = 6;
/** Page types (`PageType`). */
export const DATA_PAGE = 0, DICTIONARY_PAGE = 2;
/** Converted types (`ConvertedType`), kept beside logical types for older readers. */
export const UTF8 = 0, UINT_32 = 13;
/** A column index's page order (`BoundaryOrder`). */
export const UNORDERED = 0, ASCENDING = 1, DESCENDING = 2;

/** A column as the writer handles it: its Parquet schema and its values in plain form. */
export interface Leaf {
  name: string;
  physical: number;
  optional: boolean;
  arrow: IpcField["type"];
  /** Fixed-width values as bytes (f64, i32, u32, i64, timestamps as int64 ns). */
  fixed?: { bytes: Uint8Array; width: number };
  /** An int64 column read as 32-bit halves (for its statistics). */
  halves?: Int32Array;
  /** Values in the column's order as numbers (doubles, 32-bit ints, timestamps in ms). */
  numbers?: Float64Array | Int32Array | Uint32Array;
  bools?: boolean[];
  strings?: StringValues;
}

/** A string column: dictionary-encoded, or each value's UTF-8 bytes. */
export type StringValues =
  | { dictionary: Uint8Array[]; indices: Int32Array; rank: Int32Array }
  | { plain: Uint8Array[] };

/** What the footer says about one written column chunk. */
export interface ChunkMeta {
  leaf: Leaf;
  rows: number;
  dictionaryOffset: number | null;
  dataOffset: number;
  compressed: number;
  uncompressed: number;
  dataPages: number;
  stats: Stats | null;
  columnIndex: Uint8Array | null;
  columnIndexOffset: number;
  offsetIndex: Uint8Array;
  offsetIndexOffset: number;
}

/** A page's or chunk's min and max (absent when no value is ordered, e.g. all NaN). */
export interface Stats {
  min: Uint8Array;
  max: Uint8Array;
  /** Orders the two values as the column's sort order does. */
  cmp: (a: Uint8Array, b: Uint8Array) => number;
}
