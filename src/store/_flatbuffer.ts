/**
 * @module
 * The few FlatBuffers builder operations `arrow_ipc.ts` needs, written back to front exactly as
 * the `flatbuffers` package's `Builder` (25.x) writes them — alignment, vtable sharing, vector
 * and string layout — so a message built with the same calls has the same bytes. Kept here
 * rather than imported because run-manifests record the `deno.json` import map, and a speed
 * change must not change a byte of an artifact.
 */

/** A FlatBuffers builder (little-endian, grows as needed). */
export class FlatBuilder {
  #buf = new Uint8Array(1024);
  #dv = new DataView(this.#buf.buffer);
  /** Free bytes left at the front (data grows from the end toward the start). */
  #space = 1024;
  #minAlign = 1;
  #vtable: number[] = [];
  #vtableInUse = 0;
  #nested = false;
  #objectStart = 0;
  #vtables: number[] = [];
  #vectorElems = 0;

  /** Bytes written so far (an offset is counted from the end of the buffer). */
  offset(): number {
    return this.#buf.length - this.#space;
  }

  /** The finished buffer. */
  bytes(): Uint8Array {
    return this.#buf.subarray(this.#space);
  }

  /** Pads so that `size` is aligned after `additional` more bytes, growing the buffer. */
  prep(size: number, additional: number): void {
    if (size > this.#minAlign) this.#minAlign = size;
    const alignSize = (~(this.#buf.length - this.#space + additional) + 1) & (size - 1);
    while (this.#space < alignSize + size + additional) {
      const old = this.#buf;
      this.#buf = new Uint8Array(old.length * 2);
      this.#buf.set(old, old.length);
      this.#dv = new DataView(this.#buf.buffer);
      this.#space += old.length;
    }
    for (let i = 0; i < alignSize; i++) this.#buf[--this.#space] = 0;
  }

  #int8(v: number): void {
    this.#buf[this.#space -= 1] = v;
  }

  #int16(v: number): void {
    this.#dv.setInt16(this.#space -= 2, v, true);
  }

  #int32(v: number): void {
    this.#dv.setInt32(this.#space -= 4, v, true);
  }

  /** Writes an int64 where the caller has prepared room (struct fields). */
  writeInt64(v: bigint): void {
    this.#dv.setBigInt64(this.#space -= 8, v, true);
  }

  #slot(field: number): void {
    this.#vtable[field] = this.offset();
  }

  /** Adds an int8 field unless it equals `def`. */
  addFieldInt8(field: number, v: number, def: number): void {
    if (v === def) return;
    this.prep(1, 0);
    this.#int8(v);
    this.#slot(field);
  }

  /** Adds an int16 field unless it equals `def`. */
  addFieldInt16(field: number, v: number, def: number): void {
    if (v === def) return;
    this.prep(2, 0);
    this.#int16(v);
    this.#slot(field);
  }

  /** Adds an int32 field unless it equals `def`. */
  addFieldInt32(field: number, v: number, def: number): void {
    if (v === def) return;
    this.prep(4, 0);
    this.#int32(v);
    this.#slot(field);
  }

  /** Adds an int64 field unless it equals `def`. */
  addFieldInt64(field: number, v: bigint, def: bigint): void {
    if (v === def) return;
    this.prep(8, 0);
    this.writeInt64(v);
    this.#slot(field);
  }

  /** Adds an offset field unless it is 0. */
  addFieldOffset(field: number, off: number): void {
    if (off === 0) return;
    this.addOffset(off);
    this.#slot(field);
  }

  /** Writes a reference to the object or vector at offset `off`. */
  addOffset(off: number): void {
    this.prep(4, 0);
    this.#int32(this.offset() - off + 4);
  }

  /** Starts a table of `fields` slots. */
  startObject(fields: number): void {
    if (this.#nested) throw new Error("flatbuffer: nested object");
    this.#vtableInUse = fields;
    for (let i = 0; i < fields; i++) this.#vtable[i] = 0;
    this.#nested = true;
    this.#objectStart = this.offset();
  }

  /** Ends the table: writes (or shares) its vtable and returns its offset. */
  endObject(): number {
    this.prep(4, 0);
    this.#int32(0);
    const loc = this.offset();
    let i = this.#vtableInUse - 1;
    while (i >= 0 && this.#vtable[i] === 0) i--;
    const trimmed = i + 1;
    for (; i >= 0; i--) {
      this.prep(2, 0);
      this.#int16(this.#vtable[i] !== 0 ? loc - this.#vtable[i] : 0);
    }
    this.prep(2, 0);
    this.#int16(loc - this.#objectStart);
    const len = (trimmed + 2) * 2;
    this.prep(2, 0);
    this.#int16(len);
    let existing = 0;
    const vt1 = this.#space;
    outer: for (const vt of this.#vtables) {
      const vt2 = this.#buf.length - vt;
      if (len !== this.#dv.getInt16(vt2, true)) continue;
      for (let j = 2; j < len; j += 2) {
        if (this.#dv.getInt16(vt1 + j, true) !== this.#dv.getInt16(vt2 + j, true)) continue outer;
      }
      existing = vt;
      break;
    }
    if (existing) {
      this.#space = this.#buf.length - loc;
      this.#dv.setInt32(this.#space, existing - loc, true);
    } else {
      this.#vtables.push(this.offset());
      this.#dv.setInt32(this.#buf.length - loc, this.offset() - loc, true);
    }
    this.#nested = false;
    return loc;
  }

  /** Starts a vector of `elems` elements of `elemSize` bytes, aligned to `alignment`. */
  startVector(elemSize: number, elems: number, alignment: number): void {
    if (this.#nested) throw new Error("flatbuffer: vector inside an object");
    this.#vectorElems = elems;
    this.prep(4, elemSize * elems);
    this.prep(alignment, elemSize * elems);
  }

  /** Ends the vector and returns its offset. */
  endVector(): number {
    this.#int32(this.#vectorElems);
    return this.offset();
  }

  /** Writes a UTF-8 string and returns its offset. */
  createString(s: string): number {
    const utf8 = new TextEncoder().encode(s);
    this.prep(1, 0);
    this.#int8(0);
    this.startVector(1, utf8.length, 1);
    this.#buf.set(utf8, this.#space -= utf8.length);
    return this.endVector();
  }

  /** Writes the root reference: the buffer is complete. */
  finish(root: number): void {
    this.prep(this.#minAlign, 4);
    this.addOffset(root);
  }
}
