/**
 * @module
 * The Arrow IPC schema message of a table's fields, written directly: what Parquet writers
 * store (base64) under the footer key `ARROW:schema`, so that Arrow readers (parquet-wasm,
 * pyarrow, polars) restore each column's exact Arrow type — `timestamp[ns, tz=UTC]`, the
 * nullability — rather than deriving one from the Parquet schema. Built with apache-arrow's
 * calls in apache-arrow's order, so it is byte-identical to the schema message that opens its
 * `tableToIPC` stream (`arrow_ipc_test.ts` compares them) without loading apache-arrow's ~200
 * modules. Format: Arrow columnar spec, IPC encapsulated message, metadata version V5.
 */
import { FlatBuilder as Builder } from "./_flatbuffer.ts";

/** One field of an Arrow schema: its name, type and nullability. */
export interface IpcField {
  name: string;
  type: "f64" | "i64" | "i32" | "u32" | "utf8" | "bool" | "timestamp_ns_utc";
  nullable: boolean;
}

// Schema.fbs / Message.fbs enums.
const TYPE_INT = 2;
const TYPE_FLOAT = 3;
const TYPE_UTF8 = 5;
const TYPE_BOOL = 6;
const TYPE_TIMESTAMP = 10;
const PRECISION_DOUBLE = 2;
const UNIT_NANOSECOND = 3;
const HEADER_SCHEMA = 1;
const METADATA_V5 = 4;

/**
 * The Arrow IPC schema message for `fields` (continuation marker, padded size, flatbuffer),
 * as it opens an IPC stream and as Parquet's `ARROW:schema` footer entry holds it (base64).
 */
export function encodeIpcSchema(fields: IpcField[]): Uint8Array {
  const b = new Builder();
  const offsets = fields.map((f) => field(b, f));
  b.startVector(4, offsets.length, 4); // apache-arrow starts the vector twice
  const fieldVec = offsetVector(b, offsets);
  b.startObject(4);
  b.addFieldOffset(1, fieldVec);
  b.addFieldInt16(0, 0, 0); // little-endian (the default, not written)
  return message(b, HEADER_SCHEMA, b.endObject(), 0);
}

const pad8 = (n: number) => (n + 7) & ~7;

// The flatbuffers below are built with apache-arrow's calls in apache-arrow's order
// (`ipc/metadata/message.ts`, `visitor/typeassembler.ts`).

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

function typeTable(b: Builder, type: IpcField["type"]): [number, number] {
  switch (type) {
    case "f64":
      b.startObject(1);
      b.addFieldInt16(0, PRECISION_DOUBLE, 0);
      return [TYPE_FLOAT, b.endObject()];
    case "i64":
    case "i32":
    case "u32":
      b.startObject(2);
      b.addFieldInt32(0, type === "i64" ? 64 : 32, 0);
      b.addFieldInt8(1, type === "u32" ? 0 : 1, 0);
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

function field(b: Builder, f: IpcField): number {
  const [typeId, typeOff] = typeTable(b, f.type);
  const children = offsetVector(b, []);
  const nameOff = f.name ? b.createString(f.name) : -1;
  b.startObject(7);
  b.addFieldOffset(3, typeOff);
  b.addFieldInt8(2, typeId, 0);
  b.addFieldOffset(5, children);
  b.addFieldInt8(1, f.nullable ? 1 : 0, 0);
  if (nameOff !== -1) b.addFieldOffset(0, nameOff);
  return b.endObject();
}
