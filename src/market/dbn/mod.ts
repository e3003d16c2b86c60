/**
 * @module
 * Public surface of the DBN codec: streaming decoder (versions 1–3, plain and multi-frame
 * zstd) into columnar batches, metadata decoder, fixed-point helpers, JSON formatting, and
 * the encoder.
 */
export * from "./types.ts";
export {
  FIXED_PRICE_SCALE,
  halves,
  i64At,
  nsToIso,
  priceAt,
  priceColumnAt,
  priceToDecimalString,
  priceToNumber,
  u64At,
  u64ToNumber,
  UNDEF_ORDER_SIZE,
  UNDEF_PRICE,
  UNDEF_TIMESTAMP,
} from "./fixed_point.ts";
export { RType, schemaCode, schemaName, stypeName } from "./codes.ts";
export {
  decodeMetadata,
  isLegacyDbz,
  MAX_DBN_VERSION,
  METADATA_FIXED_LEN,
  metadataSize,
} from "./metadata.ts";
export { zstdDecompressAll, zstdDecompressStream } from "./zstd_frames.ts";
export { MAX_BLOCKS_PER_UNIT, ZstdFrameScanner, type ZstdUnit } from "./zstd_scanner.ts";
export { RecordDecoder, type RecordDecoderOptions } from "./records.ts";
export {
  type DbnReader,
  decodeDbnBytes,
  openDbn,
  type OpenDbnOptions,
  openDbnStream,
} from "./decoder.ts";
export {
  batchLength,
  formatRecordLines,
  type JsonFormatOptions,
  jsonLines,
  type JsonObject,
  metadataToJson,
  recordToJson,
} from "./format_json.ts";
export { csvCell, csvLines, flattenRecord } from "./format_csv.ts";
export * from "./encoder.ts";
