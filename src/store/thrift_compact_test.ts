import assert from "node:assert/strict";
import { deserializeTCompactProtocol } from "hyparquet/src/thrift.js";
import { CompactWriter, TType } from "./thrift_compact.ts";

/** Decodes with hyparquet's Thrift reader (an independent implementation). */
function decode(bytes: Uint8Array) {
  const reader = {
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    offset: 0,
  };
  const value = deserializeTCompactProtocol(reader);
  assert.equal(reader.offset, bytes.length, "the struct ends where the bytes end");
  return value;
}

Deno.test("CompactWriter writes a struct that an independent Thrift reader decodes field for field", () => {
  const w = new CompactWriter();
  w.i32(1, -3);
  w.i64(2, 2 ** 40 + 5);
  w.bool(3, true);
  w.bool(4, false);
  w.string(5, "näive");
  w.struct(7); // nested: field ids restart inside and resume after
  w.i32(1, 1);
  w.i8(20, -2); // a jump of more than 15: the long field header
  w.end();
  w.i16(8, 300);
  w.list(9, TType.I32, 20); // 15 or more elements: the long list header
  for (let i = 0; i < 20; i++) w.elemI32(i - 10);
  w.list(10, TType.BOOL_TRUE, 3);
  for (const b of [true, false, true]) w.elemBool(b);
  w.list(11, TType.STRUCT, 2);
  for (let i = 0; i < 2; i++) {
    w.elemStruct();
    w.i64(1, -(2 ** 50) - i);
    w.binary(2, Uint8Array.of(i, 255));
    w.end();
  }
  w.i32(40, 7);
  w.end();
  assert.deepEqual(decode(w.bytes()), {
    field_1: -3,
    field_2: 2n ** 40n + 5n,
    field_3: true,
    field_4: false,
    field_5: new TextEncoder().encode("näive"),
    field_7: { field_1: 1, field_20: -2 },
    field_8: 300,
    field_9: Array.from({ length: 20 }, (_, i) => i - 10),
    field_10: [true, false, true],
    field_11: [
      { field_1: -(2n ** 50n), field_2: Uint8Array.of(0, 255) },
      { field_1: -(2n ** 50n) - 1n, field_2: Uint8Array.of(1, 255) },
    ],
    field_40: 7,
  });
});

Deno.test("CompactWriter encodes small fields in the compact protocol's one-byte headers", () => {
  const w = new CompactWriter();
  w.i32(1, 3); // header 0x15 (delta 1, i32), zigzag(3) = 6
  w.bool(2, true); // header 0x11 (delta 1, true)
  w.i64(4, -1); // header 0x26 (delta 2, i64), zigzag(-1) = 1
  w.end();
  assert.deepEqual(Array.from(w.bytes()), [0x15, 6, 0x11, 0x26, 1, 0]);
});
