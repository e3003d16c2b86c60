/**
 * @module
 * Decoder of the DBN metadata header, versions 1, 2 and 3 (`dbn-format.md` §1).
 *
 * The header is `"DBN"`, a version byte, a u32 `length`, then `length` bytes; records start
 * at `8 + length` whatever the sections add up to (v3 pads to a multiple of 8). Symbol
 * strings are fixed fields of 22 bytes (v1) or `symbol_cstr_len` bytes (v2/v3, 71 in
 * practice). Every failure is a {@link DecodeError} naming the file and byte offset.
 */
import type { DbnMetadata, MappingInterval } from "./types.ts";
import { DecodeError } from "../../domain/errors.ts";

/** Size of the prelude: magic (3), version (1), length (4). */
export const PRELUDE_LEN = 8;
/** Smallest legal `length` field (`METADATA_FIXED_LEN`). */
export const METADATA_FIXED_LEN = 100;
/** Highest DBN version this decoder reads. */
export const MAX_DBN_VERSION = 3;
/**
 * Largest `length` accepted: 64 MiB. Real headers are a few KiB (a symbol list of 10,000 names
 * with mappings is ~1.5 MB); a larger value is corruption, and a reader would otherwise buffer
 * up to 4 GiB of a stream before finding out.
 */
export const MAX_METADATA_LEN = 64 * 1024 * 1024;
/** Widest symbol field accepted (v2/v3 write 71). */
export const MAX_SYMBOL_CSTR_LEN = 256;
/** Offset of `schema_definition_length`, the last fixed field; the sections follow it. */
const SCHEMA_DEF_LEN_AT = 108;

const SYMBOL_CSTR_LEN_V1 = 22;
const utf8 = new TextDecoder();

/**
 * Whether bytes start like a legacy DBZ file: a zstd skippable frame (`50 2A 4D 18`) whose
 * payload starts with `"DBZ"`.
 * @param bytes the first bytes of the input (at least 11 to decide)
 * @returns true for DBZ
 */
export function isLegacyDbz(bytes: Uint8Array): boolean {
  return bytes.length >= 11 && bytes[0] === 0x50 && bytes[1] === 0x2a && bytes[2] === 0x4d &&
    bytes[3] === 0x18 && bytes[8] === 0x44 && bytes[9] === 0x42 && bytes[10] === 0x5a;
}

/**
 * Checks the prelude and returns the total header size, so a stream reader knows how many
 * bytes to collect before calling {@link decodeMetadata}.
 * @param bytes at least the first 8 bytes of the decompressed stream
 * @param file path or label for errors
 * @returns `8 + length`: the offset of the first record
 * @throws {DecodeError} bad magic, legacy DBZ, unsupported version, length below 100 or
 *   above {@link MAX_METADATA_LEN}, or fewer than 8 bytes
 */
export function metadataSize(bytes: Uint8Array, file: string): number {
  if (bytes.length >= 3 && !(bytes[0] === 0x44 && bytes[1] === 0x42 && bytes[2] === 0x4e)) {
    if (isLegacyDbz(bytes)) {
      throw new DecodeError(file, 0, "legacy DBZ file; only DBN is supported");
    }
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0"));
    throw new DecodeError(file, 0, `not a DBN stream: bad magic ${hex.join(" ")}`);
  }
  if (bytes.length < PRELUDE_LEN) {
    throw new DecodeError(
      file,
      bytes.length,
      `truncated metadata header (${bytes.length} of ${PRELUDE_LEN} prelude bytes)`,
    );
  }
  const version = bytes[3];
  if (version === 0 || version > MAX_DBN_VERSION) {
    throw new DecodeError(file, 3, `unsupported DBN version ${version} (expected 1 to 3)`);
  }
  const length = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0;
  if (length < METADATA_FIXED_LEN) {
    throw new DecodeError(
      file,
      4,
      `metadata length ${length} is below the minimum ${METADATA_FIXED_LEN}`,
    );
  }
  if (length > MAX_METADATA_LEN) {
    throw new DecodeError(
      file,
      4,
      `metadata length ${length} is above the limit of ${MAX_METADATA_LEN}`,
    );
  }
  return PRELUDE_LEN + length;
}

/**
 * Decodes the metadata header at the start of a decompressed DBN stream.
 * @param bytes the stream's first bytes: at least the whole header
 * @param file path or label for errors
 * @returns the metadata and `recordsOffset` (= 8 + length) where records start
 * @throws {DecodeError} see {@link metadataSize}; also a truncated header, a length too short
 *   for schema_definition_length, a non-zero schema_definition_length, a symbol_cstr_len
 *   outside 1..256, or a count or section that runs past the header (every count is checked
 *   against the bytes left before anything is allocated)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = Deno.readFileSync(
 *   new URL("../../../../shared/data/dbn/test_data.trades.dbn", import.meta.url),
 * );
 * const { metadata, recordsOffset } = decodeMetadata(bytes, "trades.dbn");
 * assert.equal(metadata.dataset, "GLBX.MDP3");
 * assert.equal(recordsOffset, 353);
 * ```
 */
export function decodeMetadata(
  bytes: Uint8Array,
  file: string,
): { metadata: DbnMetadata; recordsOffset: number } {
  const recordsOffset = metadataSize(bytes, file);
  if (bytes.length < recordsOffset) {
    throw new DecodeError(
      file,
      bytes.length,
      `truncated metadata header (${bytes.length} of ${recordsOffset} bytes)`,
    );
  }
  if (recordsOffset < SCHEMA_DEF_LEN_AT + 4) {
    throw new DecodeError(
      file,
      SCHEMA_DEF_LEN_AT,
      `metadata length ${recordsOffset - PRELUDE_LEN} leaves no room for schema_definition_length`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, recordsOffset);
  const version = bytes[3];
  const schema = view.getUint16(24, true);
  const end = view.getBigUint64(34, true);
  let stypeIn: number;
  let stypeOut: number;
  let tsOut: number;
  let symbolCstrLen: number;
  if (version === 1) {
    stypeIn = bytes[58];
    stypeOut = bytes[59];
    tsOut = bytes[60];
    symbolCstrLen = SYMBOL_CSTR_LEN_V1;
  } else {
    stypeIn = bytes[50];
    stypeOut = bytes[51];
    tsOut = bytes[52];
    symbolCstrLen = view.getUint16(53, true);
    // Width 0 would make any symbol count free of header bytes: billions of empty strings.
    if (symbolCstrLen === 0 || symbolCstrLen > MAX_SYMBOL_CSTR_LEN) {
      throw new DecodeError(
        file,
        53,
        `symbol_cstr_len ${symbolCstrLen} is out of range (1 to ${MAX_SYMBOL_CSTR_LEN})`,
      );
    }
  }
  const schemaDefLen = view.getUint32(108, true);
  if (schemaDefLen !== 0) {
    throw new DecodeError(
      file,
      108,
      `schema_definition_length is ${schemaDefLen}; only 0 is supported`,
    );
  }

  const reader = new SectionReader(bytes, view, 112, recordsOffset, symbolCstrLen, file);
  const symbols = reader.symbolList("symbols");
  const partial = reader.symbolList("partial");
  const notFound = reader.symbolList("not_found");
  // Each mapping holds at least a raw symbol and an interval count.
  const mappingCount = reader.count("mappings", symbolCstrLen + 4);
  const mappings: DbnMetadata["mappings"] = [];
  for (let m = 0; m < mappingCount; m++) {
    const rawSymbol = reader.symbol("mappings");
    const intervalCount = reader.count("mappings interval", 8 + symbolCstrLen);
    const intervals: MappingInterval[] = [];
    for (let k = 0; k < intervalCount; k++) {
      const startDate = dateText(reader.u32("mappings"));
      const endDate = dateText(reader.u32("mappings"));
      intervals.push({ startDate, endDate, symbol: reader.symbol("mappings") });
    }
    mappings.push({ rawSymbol, intervals });
  }

  const metadata: DbnMetadata = {
    version,
    dataset: cstr(bytes, 8, 16),
    schema: schema === 0xffff ? null : schema,
    start: view.getBigUint64(26, true),
    end: end === 0xffffffffffffffffn ? null : end,
    limit: view.getBigUint64(42, true),
    stypeIn: stypeIn === 0xff ? null : stypeIn,
    stypeOut,
    tsOut: tsOut !== 0,
    symbolCstrLen,
    symbols,
    partial,
    notFound,
    mappings,
  };
  return { metadata, recordsOffset };
}

/** Reads the variable-length sections, checking each read stays inside the header. */
class SectionReader {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    private pos: number,
    private readonly limit: number,
    private readonly symLen: number,
    private readonly file: string,
  ) {}

  private need(n: number, section: string): number {
    const at = this.pos;
    if (at + n > this.limit) {
      throw new DecodeError(this.file, at, `metadata ${section} section runs past the header`);
    }
    this.pos = at + n;
    return at;
  }

  u32(section: string): number {
    return this.view.getUint32(this.need(4, section), true);
  }

  symbol(section: string): string {
    return cstr(this.bytes, this.need(this.symLen, section), this.symLen);
  }

  /**
   * A u32 count of items of at least `itemBytes` each, checked against the bytes left up
   * front so a corrupt count cannot make a huge array before failing.
   */
  count(section: string, itemBytes: number): number {
    const count = this.u32(section);
    if (count * itemBytes > this.limit - this.pos) {
      throw new DecodeError(
        this.file,
        this.pos - 4,
        `metadata ${section} count ${count} is too large`,
      );
    }
    return count;
  }

  symbolList(section: string): string[] {
    const count = this.count(section, this.symLen);
    const out: string[] = [];
    for (let k = 0; k < count; k++) out.push(this.symbol(section));
    return out;
  }
}

/** A NUL-padded fixed-width UTF-8 field, cut at the first NUL. */
function cstr(bytes: Uint8Array, at: number, len: number): string {
  let end = at;
  const stop = at + len;
  while (end < stop && bytes[end] !== 0) end++;
  return utf8.decode(bytes.subarray(at, end));
}

/** u32 YYYYMMDD as `YYYY-MM-DD`. */
function dateText(d: number): string {
  const y = Math.floor(d / 10000);
  const m = Math.floor(d / 100) % 100;
  const day = d % 100;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${
    String(day).padStart(2, "0")
  }`;
}
