/**
 * @module
 * Flat columns → an Arrow IPC stream, written directly (a schema message, one record batch,
 * the end marker), for parquet-wasm's `Table.fromIPCStream`. It stands in for building an
 * apache-arrow `Table` and `tableToIPC` on the write path: the same logical schema (names,
 * types, nullability as apache-arrow gives them) and the same values, so the Parquet bytes are
 * unchanged (`arrow_ipc_test.ts` compares them), without loading apache-arrow's ~200 modules
 * or copying the columns into its vectors. Format: Arrow columnar spec, IPC streaming format,
 * metadata version V5, little-endian.
 */
import { FlatBuilder as Builder } from "./_flatbuffer.ts";

/** A column to encode (the shapes of `parquet.ts`'s `ParquetColumn`). */
export type IpcColumn =
  | { kind: "f64"; values: Float64Array }
  | { kind: "i64"; values: BigInt64Array }
  | { kind: "i32"; values: Int32Array }
  | { kind: "u32"; values: Uint32Array }
  | { kind: "utf8"; values: string[] }
  | { kind: "bool"; values: boolean[] }
  | { kind: "timestamp_ns_utc"; values: BigInt64Array };

// Schema.fbs / Message.fbs enums.
const TYPE_INT = 2;
const TYPE_FLOAT = 3;
const TYPE_UTF8 = 5;
const TYPE_BOOL = 6;
const TYPE_TIMESTAMP = 10;
const PRECISION_DOUBLE = 2;
const UNIT_NANOSECOND = 3;
const HEADER_SCHEMA = 1;
const HEADER_RECORD_BATCH = 3;
const METADATA_V5 = 4;

/** Encodes equally long columns as one Arrow IPC stream. */
export function encodeIpcStream(columns: [string, IpcColumn][]): Uint8Array {
  const length = columns.length === 0 ? 0 : columns[0][1].values.length;
  const parts: Uint8Array[] = [schemaMessage(columns, length)];
  // Per column: an empty validity buffer (no nulls), then the type's own buffers; each region
  // is recorded with its length rounded up to 8 and the body padded to match.
  const regions: [number, number][] = [];
  const body: Uint8Array[] = [];
  let offset = 0;
  const add = (b: Uint8Array) => {
    const padded = pad8(b.byteLength);
    regions.push([offset, padded]);
    if (b.byteLength > 0) {
      body.push(b);
      if (padded > b.byteLength) body.push(new Uint8Array(padded - b.byteLength));
    }
    offset += padded;
  };
  for (const [, col] of columns) {
    add(new Uint8Array(0));
    for (const b of columnBuffers(col)) add(b);
  }
  parts.push(batchMessage(length, columns.length, regions, offset));
  parts.push(...body);
  parts.push(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]));
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const pad8 = (n: number) => (n + 7) & ~7;

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function columnBuffers(col: IpcColumn): Uint8Array[] {
  switch (col.kind) {
    case "f64":
    case "i64":
    case "i32":
    case "u32":
    case "timestamp_ns_utc":
      return [bytesOf(col.values)];
    case "bool": {
      // As apache-arrow's builder leaves it: whole 64-byte blocks, none for an empty column.
      const n = col.values.length;
      const bits = new Uint8Array(n === 0 ? 0 : Math.max(64, (((n + 7) >> 3) + 63) & ~63));
      col.values.forEach((v, i) => {
        if (v) bits[i >> 3] |= 1 << (i & 7);
      });
      return [bits];
    }
    case "utf8": {
      const offsets = new Int32Array(col.values.length + 1);
      // ASCII (every column Hewston writes): one encode of the joined text, offsets from the
      // string lengths. Anything else: each string's UTF-8 length.
      const joined = col.values.join("");
      const data = new TextEncoder().encode(joined);
      let n = 0;
      if (data.length === joined.length) {
        col.values.forEach((v, i) => offsets[i + 1] = n += v.length);
      } else {
        const enc = new TextEncoder();
        col.values.forEach((v, i) => offsets[i + 1] = n += enc.encode(v).length);
      }
      return [bytesOf(offsets), data];
    }
  }
}

// The flatbuffers below are built with apache-arrow's calls in apache-arrow's order
// (`ipc/metadata/message.ts`, `visitor/typeassembler.ts`), so the stream is byte-identical to
// its `tableToIPC`: parquet-wasm then sees exactly the input it always saw.

/** The message framed for the stream: continuation, padded metadata size, metadata. */
function frame(b: Builder): Uint8Array {
  const meta = b.bytes();
  const size = pad8(8 + meta.length) - 8;
  const out = new Uint8Array(8 + size);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, -1, true);
  dv.setInt32(4, size, true);
  out.set(meta, 8);
  return out;
}

function message(b: Builder, headerType: number, header: number, bodyLength: number): Uint8Array {
  b.startObject(5);
  b.addFieldInt16(0, METADATA_V5, 0);
  b.addFieldOffset(2, header);
  b.addFieldInt8(1, headerType, 0);
  b.addFieldInt64(3, BigInt(bodyLength), 0n);
  b.finish(b.endObject());
  return frame(b);
}

function offsetVector(b: Builder, offsets: number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
  return b.endVector();
}

function schemaMessage(columns: [string, IpcColumn][], length: number): Uint8Array {
  const b = new Builder();
  const fields = columns.map(([name, col]) => field(b, name, col, length));
  b.startVector(4, fields.length, 4); // apache-arrow starts the vector twice
  const fieldVec = offsetVector(b, fields);
  b.startObject(4);
  b.addFieldOffset(1, fieldVec);
  b.addFieldInt16(0, 0, 0); // little-endian (the default, not written)
  return message(b, HEADER_SCHEMA, b.endObject(), 0);
}

function typeTable(b: Builder, col: IpcColumn): [number, number] {
  switch (col.kind) {
    case "f64":
      b.startObject(1);
      b.addFieldInt16(0, PRECISION_DOUBLE, 0);
      return [TYPE_FLOAT, b.endObject()];
    case "i64":
    case "i32":
    case "u32":
      b.startObject(2);
      b.addFieldInt32(0, col.kind === "i64" ? 64 : 32, 0);
      b.addFieldInt8(1, col.kind === "u32" ? 0 : 1, 0);
      return [TYPE_INT, b.endObject()];
    case "utf8":
      b.startObject(0);
      return [TYPE_UTF8, b.endObject()];
    case "bool":
      b.startObject(0);
      return [TYPE_BOOL, b.endObject()];
    case "timestamp_ns_utc": {
      const tz = b.createString("UTC");
      b.startObject(2);
      b.addFieldInt16(0, UNIT_NANOSECOND, 0);
      b.addFieldOffset(1, tz);
      return [TYPE_TIMESTAMP, b.endObject()];
    }
  }
}

function field(b: Builder, name: string, col: IpcColumn, length: number): number {
  const [typeId, typeOff] = typeTable(b, col);
  const children = offsetVector(b, []);
  const nameOff = name ? b.createString(name) : -1;
  // apache-arrow marks columns built from typed arrays non-nullable, those built by its
  // builders (strings, booleans, timestamps here) nullable, and every column of an empty
  // table nullable; Parquet keeps the difference.
  const nullable = length === 0 || col.kind === "utf8" || col.kind === "bool" ||
    col.kind === "timestamp_ns_utc";
  b.startObject(7);
  b.addFieldOffset(3, typeOff);
  b.addFieldInt8(2, typeId, 0);
  b.addFieldOffset(5, children);
  b.addFieldInt8(1, nullable ? 1 : 0, 0);
  if (nameOff !== -1) b.addFieldOffset(0, nameOff);
  return b.endObject();
}

function batchMessage(
  length: number,
  nColumns: number,
  regions: [number, number][],
  bodyLength: number,
): Uint8Array {
  const b = new Builder();
  b.startVector(16, nColumns, 8);
  for (let i = nColumns - 1; i >= 0; i--) {
    b.prep(8, 16);
    b.writeInt64(0n); // null count
    b.writeInt64(BigInt(length));
  }
  const nodeVec = b.endVector();
  b.startVector(16, regions.length, 8);
  for (let i = regions.length - 1; i >= 0; i--) {
    b.prep(8, 16);
    b.writeInt64(BigInt(regions[i][1]));
    b.writeInt64(BigInt(regions[i][0]));
  }
  const bufVec = b.endVector();
  b.startObject(4);
  b.addFieldInt64(0, BigInt(length), 0n);
  b.addFieldOffset(1, nodeVec);
  b.addFieldOffset(2, bufVec);
  return message(b, HEADER_RECORD_BATCH, b.endObject(), bodyLength);
}
