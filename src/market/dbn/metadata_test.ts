/**
 * @module
 * Tests of the metadata decoder on every sample header (v1, v2, v3) and on patched headers for
 * each failure: magic, DBZ, version, length, truncation, schema definition, section overrun.
 */
import assert from "node:assert/strict";
import { zstdDecompressSync } from "node:zlib";
import { DecodeError } from "../../domain/errors.ts";
import { decodeMetadata, isLegacyDbz, metadataSize } from "./metadata.ts";
import { META, readData, sampleTest, SCHEMAS, VARIANTS } from "../testing/dbn_testdata.ts";

/** The decompressed bytes of a sample (node's single-frame zstd is enough for these files). */
function plainBytes(name: string): Uint8Array {
  const raw = readData(name);
  return name.endsWith(".zst") ? new Uint8Array(zstdDecompressSync(raw)) : raw;
}

function decodeFails(bytes: Uint8Array, offset: number, reason: string): void {
  assert.throws(
    () => decodeMetadata(bytes, "f.dbn"),
    (err: unknown) =>
      err instanceof DecodeError && err.offset === offset && err.file === "f.dbn" &&
      err.message === `f.dbn: ${reason} at byte offset ${offset}`,
  );
}

sampleTest("decodeMetadata() reads every sample header of versions 1, 2 and 3", async (t) => {
  for (const s of SCHEMAS) {
    for (const v of VARIANTS) {
      const name = `test_data.${s.stem}${v.suffix}`;
      await t.step(name, () => {
        const { metadata, recordsOffset } = decodeMetadata(plainBytes(name), name);
        assert.equal(recordsOffset, v.recordsOffset);
        assert.deepEqual(metadata, {
          version: v.version,
          dataset: META.dataset,
          schema: s.code,
          start: META.start,
          end: META.end,
          limit: META.limit,
          stypeIn: META.stypeIn,
          stypeOut: META.stypeOut,
          tsOut: META.tsOut,
          symbolCstrLen: v.version === 1 ? 22 : 71,
          symbols: META.symbols,
          partial: META.partial,
          notFound: META.notFound,
          mappings: META.mappings,
        });
      });
    }
  }
});

sampleTest("decodeMetadata() jumps to 8 + length past the v3 padding", () => {
  const bytes = plainBytes("test_data.trades.v3.dbn.zst");
  // The v3 sections end at 353; 7 zero bytes pad the header to length 352.
  assert.deepEqual(Array.from(bytes.subarray(353, 360)), [0, 0, 0, 0, 0, 0, 0]);
  assert.equal(decodeMetadata(bytes, "v3").recordsOffset, 360);
});

sampleTest("decodeMetadata() maps the none sentinels to null", () => {
  const bytes = plainBytes("test_data.trades.dbn").slice();
  bytes[24] = 0xff; // schema 0xFFFF
  bytes[25] = 0xff;
  bytes.fill(0xff, 34, 42); // end = u64::MAX
  bytes[50] = 0xff; // stype_in none
  bytes[52] = 1; // ts_out
  const { metadata } = decodeMetadata(bytes, "f");
  assert.equal(metadata.schema, null);
  assert.equal(metadata.end, null);
  assert.equal(metadata.stypeIn, null);
  assert.equal(metadata.tsOut, true);
});

sampleTest("decodeMetadata() rejects a wrong magic", () => {
  const bytes = plainBytes("test_data.trades.dbn").slice();
  bytes[0] = 0x58;
  decodeFails(bytes, 0, "not a DBN stream: bad magic 58 42 4e 02");
});

sampleTest("decodeMetadata() rejects legacy DBZ files", () => {
  const dbz = readData("test_data.trades.dbz");
  assert.ok(isLegacyDbz(dbz));
  assert.ok(!isLegacyDbz(readData("test_data.trades.v1.dbn.zst")));
  decodeFails(dbz, 0, "legacy DBZ file; only DBN is supported");
});

sampleTest("decodeMetadata() rejects versions 0 and 4", () => {
  for (const version of [0, 4, 255]) {
    const bytes = plainBytes("test_data.trades.dbn").slice();
    bytes[3] = version;
    decodeFails(bytes, 3, `unsupported DBN version ${version} (expected 1 to 3)`);
  }
});

sampleTest("decodeMetadata() rejects a length below 100", () => {
  const bytes = plainBytes("test_data.trades.dbn").slice();
  new DataView(bytes.buffer).setUint32(4, 99, true);
  decodeFails(bytes, 4, "metadata length 99 is below the minimum 100");
});

sampleTest("decodeMetadata() rejects a truncated header", () => {
  const bytes = plainBytes("test_data.trades.dbn");
  decodeFails(bytes.subarray(0, 200), 200, "truncated metadata header (200 of 353 bytes)");
  decodeFails(bytes.subarray(0, 5), 5, "truncated metadata header (5 of 8 prelude bytes)");
  decodeFails(new Uint8Array(0), 0, "truncated metadata header (0 of 8 prelude bytes)");
});

sampleTest("decodeMetadata() rejects a non-zero schema_definition_length", () => {
  const bytes = plainBytes("test_data.trades.v1.dbn.zst").slice();
  bytes[108] = 5;
  decodeFails(bytes, 108, "schema_definition_length is 5; only 0 is supported");
});

sampleTest("decodeMetadata() rejects sections that run past the header", () => {
  const v2 = plainBytes("test_data.trades.dbn").slice();
  new DataView(v2.buffer).setUint32(112, 1_000_000, true); // symbols count
  decodeFails(v2, 112, "metadata symbols count 1000000 is too large");

  const v1 = plainBytes("test_data.tbbo.v1.dbn.zst").slice();
  // v1 layout: symbols at 112 (4 + 22), partial 138, not_found 142, mappings count 146,
  // raw symbol 150..172, interval count at 172.
  // Three intervals of 30 bytes cannot fit in the 30 bytes left: refused before reading any.
  new DataView(v1.buffer).setUint32(172, 3, true);
  decodeFails(v1, 172, "metadata mappings interval count 3 is too large");
});

sampleTest("metadataSize() needs only the prelude", () => {
  const bytes = plainBytes("test_data.ohlcv-1m.v3.dbn.zst");
  assert.equal(metadataSize(bytes.subarray(0, 8), "f"), 360);
});
