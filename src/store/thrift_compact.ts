/**
 * @module
 * A Thrift compact-protocol encoder: the few calls Parquet's footer and page headers need
 * (structs, lists, i32/i64, bool, binary). Fields are written in the order the caller gives;
 * Thrift requires nothing more, and writing ascending ids (as Parquet's writers do) keeps the
 * one-byte field headers. Spec: Apache Thrift, `doc/specs/thrift-compact-protocol.md`.
 */

/** Compact-protocol type ids, as written in field and list headers. */
export const TType = {
  BOOL_TRUE: 1,
  BOOL_FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

/** One of {@link TType}'s ids. */
export type TType = typeof TType[keyof typeof TType];

const utf8 = new TextEncoder();

/**
 * Writes one Thrift struct (and the structs and lists inside it) in the compact protocol.
 * Field calls take the field id; `elem*` calls write list elements after {@link list}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const w = new CompactWriter();
 * w.i32(1, 3); // field 1, i32 3
 * w.end();
 * assert.deepEqual(Array.from(w.bytes()), [0x15, 6, 0]);
 * ```
 */
export class CompactWriter {
  #buf = new Uint8Array(256);
  #len = 0;
  #lastId = 0;
  #ids: number[] = [];

  /** The bytes written so far (a view: copy it before writing more). */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** Field `id`: an i32 (also enums). */
  i32(id: number, v: number): void {
    this.#field(id, TType.I32);
    this.#varint(zigzag(v));
  }

  /** Field `id`: an i64, given as a number (exact below 2^53). */
  i64(id: number, v: number): void {
    this.#field(id, TType.I64);
    this.#varint(zigzag(v));
  }

  /** Field `id`: an i16. */
  i16(id: number, v: number): void {
    this.#field(id, TType.I16);
    this.#varint(zigzag(v));
  }

  /** Field `id`: a byte (i8). */
  i8(id: number, v: number): void {
    this.#field(id, TType.BYTE);
    this.#byte(v & 0xff);
  }

  /** Field `id`: a bool (the value lives in the field header). */
  bool(id: number, v: boolean): void {
    this.#field(id, v ? TType.BOOL_TRUE : TType.BOOL_FALSE);
  }

  /** Field `id`: binary bytes. */
  binary(id: number, b: Uint8Array): void {
    this.#field(id, TType.BINARY);
    this.elemBinary(b);
  }

  /** Field `id`: a UTF-8 string. */
  string(id: number, s: string): void {
    this.binary(id, utf8.encode(s));
  }

  /** Field `id`: a struct; write its fields, then {@link end}. */
  struct(id: number): void {
    this.#field(id, TType.STRUCT);
    this.elemStruct();
  }

  /** Field `id`: a list of `size` elements of type `elem`; write them with `elem*` calls. */
  list(id: number, elem: TType, size: number): void {
    this.#field(id, TType.LIST);
    if (size < 15) this.#byte((size << 4) | elem);
    else {
      this.#byte(0xf0 | elem);
      this.#varint(size);
    }
  }

  /** Ends the current struct (the outermost one too). */
  end(): void {
    this.#byte(0);
    this.#lastId = this.#ids.pop() ?? 0;
  }

  /** List element: a struct; write its fields, then {@link end}. */
  elemStruct(): void {
    this.#ids.push(this.#lastId);
    this.#lastId = 0;
  }

  /** List element: an i32. */
  elemI32(v: number): void {
    this.#varint(zigzag(v));
  }

  /** List element: an i64, given as a number (exact below 2^53). */
  elemI64(v: number): void {
    this.#varint(zigzag(v));
  }

  /** List element: a bool (one byte, 1 for true and 2 for false, as Thrift's writers do). */
  elemBool(v: boolean): void {
    this.#byte(v ? TType.BOOL_TRUE : TType.BOOL_FALSE);
  }

  /** List element: binary bytes. */
  elemBinary(b: Uint8Array): void {
    this.#varint(b.length);
    this.#reserve(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** List element: a UTF-8 string. */
  elemString(s: string): void {
    this.elemBinary(utf8.encode(s));
  }

  #field(id: number, type: TType): void {
    const delta = id - this.#lastId;
    if (delta > 0 && delta <= 15) this.#byte((delta << 4) | type);
    else {
      this.#byte(type);
      this.#varint(zigzag(id));
    }
    this.#lastId = id;
  }

  #byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = b;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^53 (no 32-bit bitwise limits). */
  #varint(v: number): void {
    this.#reserve(10);
    while (v >= 0x80) {
      this.#buf[this.#len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buf[this.#len++] = v;
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }
}

/** Zigzag of an integer below 2^52 in magnitude: 0, -1, 1, -2 → 0, 1, 2, 3. */
function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}
