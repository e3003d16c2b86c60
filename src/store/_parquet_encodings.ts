/**
 * @module
 * Byte-level encodings of the Parquet writer: a growing little-endian byte buffer, a chain of
 * byte arrays joined once (the file), PLAIN booleans (bit-packed), and the RLE / bit-packed
 * hybrid that dictionary indices use.
 * Spec: Apache Parquet `Encodings.md`.
 */

/** Booleans bit-packed, least significant bit first (PLAIN for BOOLEAN). */
export function packBools(values: boolean[], from: number, to: number): Uint8Array {
  const bits = new Uint8Array((to - from + 7) >> 3);
  for (let i = from; i < to; i++) {
    if (values[i]) bits[(i - from) >> 3] |= 1 << ((i - from) & 7);
  }
  return bits;
}

/**
 * Dictionary indices `[from, to)` in the RLE / bit-packed hybrid: runs of 8 or more equal
 * values that start on a group boundary as RLE runs, everything else bit-packed in groups
 * of 8 (at most 63 groups per run, the last group zero-padded).
 */
export function encodeHybrid(
  out: ByteSink,
  v: Int32Array,
  from: number,
  to: number,
  bitWidth: number,
): void {
  // `i` only ever stands on a group boundary counted from `packedFrom`: a bit-packed run
  // may be padded only at the very end, so an RLE run starts only where a group would.
  let packedFrom = from;
  let i = from;
  while (i < to) {
    let j = i + 1;
    while (j < to && v[j] === v[i]) j++;
    if (j - i >= 8) {
      writeBitPacked(out, v, packedFrom, i, bitWidth);
      out.varint((j - i) * 2);
      for (let k = 0, x = v[i]; k < bitWidth; k += 8, x >>>= 8) out.byte(x & 0xff);
      packedFrom = i = j;
    } else {
      i = Math.min(to, i + 8);
    }
  }
  writeBitPacked(out, v, packedFrom, to, bitWidth);
}

function writeBitPacked(
  out: ByteSink,
  v: Int32Array,
  from: number,
  to: number,
  bitWidth: number,
): void {
  for (let start = from; start < to; start += 63 * 8) {
    const end = Math.min(to, start + 63 * 8);
    const groups = Math.ceil((end - start) / 8);
    out.varint(groups * 2 + 1);
    let acc = 0;
    let bits = 0;
    for (let i = start; i < start + groups * 8; i++) {
      acc |= (i < end ? v[i] : 0) << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out.byte(acc & 0xff);
        acc >>>= 8;
        bits -= 8;
      }
    }
  }
}

/** A growing byte buffer (little-endian integers). */
export class ByteSink {
  #buf: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.#buf = new Uint8Array(Math.max(16, capacity));
  }

  byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.length++] = b;
  }

  u32(v: number): void {
    this.#reserve(4);
    const b = this.#buf, at = this.length;
    b[at] = v & 0xff;
    b[at + 1] = (v >>> 8) & 0xff;
    b[at + 2] = (v >>> 16) & 0xff;
    b[at + 3] = (v >>> 24) & 0xff;
    this.length += 4;
  }

  varint(v: number): void {
    this.#reserve(10);
    while (v >= 0x80) {
      this.#buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buf[this.length++] = v;
  }

  bytes(b: Uint8Array): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.length);
    this.length += b.length;
  }

  /** The bytes written (a view of the buffer, which the sink no longer writes). */
  result(): Uint8Array {
    return this.#buf.subarray(0, this.length);
  }

  #reserve(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
  }
}

/**
 * The file as a chain of byte arrays, joined once at the end: compressed pages are appended
 * without a copy and the result is allocated at its exact size. Appended arrays must not
 * change afterwards.
 */
export class ByteChain {
  #parts: Uint8Array[] = [];
  /** Bytes appended so far (the offset of the next one). */
  length = 0;

  /** Appends `b` (kept, not copied). */
  bytes(b: Uint8Array): void {
    this.#parts.push(b);
    this.length += b.length;
  }

  /** Appends a little-endian u32. */
  u32(v: number): void {
    this.bytes(Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
  }

  /** Every part, joined. */
  join(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.#parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
