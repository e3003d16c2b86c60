import assert from "node:assert/strict";
import { encodeIpcSchema, type IpcField } from "./arrow_ipc.ts";
import { arrowIpcStream } from "./testing/arrow_parquet_writer.ts";
import { sampleColumns } from "./testing/parquet_columns.ts";

const ARROW_TYPE: Record<string, IpcField["type"]> = {
  f64: "f64",
  i64: "i64",
  i32: "i32",
  u32: "u32",
  utf8: "utf8",
  bool: "bool",
  timestamp_ms_as_ns: "timestamp_ns_utc",
};

Deno.test("encodeIpcSchema() is byte-identical to the schema message opening apache-arrow's tableToIPC stream", () => {
  for (const n of [0, 1, 70]) {
    const cols = sampleColumns(n, 5);
    // apache-arrow's own nullability: typed-array columns non-null, builder-made columns
    // (strings, booleans, timestamps) and every column of an empty table nullable.
    const fields = cols.map(([name, col]): IpcField => ({
      name,
      type: ARROW_TYPE[col.kind],
      nullable: n === 0 || col.kind === "utf8" || col.kind === "bool" ||
        col.kind === "timestamp_ms_as_ns",
    }));
    for (let i = 0; i < cols.length; i++) {
      const ours = encodeIpcSchema([fields[i]]);
      const theirs = arrowIpcStream([cols[i]]);
      assert.deepEqual(ours, theirs.subarray(0, ours.length), `${cols[i][0]}, ${n} rows`);
    }
    const ours = encodeIpcSchema(fields);
    assert.deepEqual(ours, arrowIpcStream(cols).subarray(0, ours.length), `all, ${n} rows`);
  }
});

Deno.test("encodeIpcSchema() frames the message for a stream: continuation marker, then a size that pads to 8 bytes", () => {
  const msg = encodeIpcSchema([{ name: "x", type: "f64", nullable: false }]);
  const dv = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  assert.equal(dv.getInt32(0, true), -1);
  assert.equal(dv.getInt32(4, true), msg.length - 8);
  assert.equal(msg.length % 8, 0);
});
