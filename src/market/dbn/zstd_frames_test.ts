/**
 * @module
 * Tests of the multi-frame zstd layer: concatenated sample files with a skippable frame, a
 * multi-MB frame, unit cutting, and clean errors (never a hang) for corrupt or truncated input.
 */
import assert from "node:assert/strict";
import { constants, zstdCompressSync, zstdDecompressSync } from "node:zlib";
import { DecodeError } from "../../domain/errors.ts";
import { concat, zstdDecompressAll, zstdDecompressStream } from "./zstd_frames.ts";
import { MAX_BLOCKS_PER_UNIT, ZstdFrameScanner } from "./zstd_scanner.ts";
import { readData, sampleTest, within } from "../testing/dbn_testdata.ts";

const SKIPPABLE = new Uint8Array([0x5e, 0x2a, 0x4d, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5]);

/** Splits bytes into chunks of `size`. */
function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function streamAll(chunks: Iterable<Uint8Array>, file = "f.zst"): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of zstdDecompressStream(chunks, file)) parts.push(part);
  return concat(parts);
}

/** Deterministic, moderately compressible bytes (LCG-driven record-like rows). */
function sampleBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let seed = 7;
  for (let i = 0; i < n; i += 16) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    for (let k = 0; k < 16 && i + k < n; k++) {
      out[i + k] = k < 8 ? (i >> (k & 7)) & 0xff : seed >>> (k * 2);
    }
  }
  return out;
}

/** Byte equality with a short message (deepEqual on megabytes is slow and verbose). */
function assertSameBytes(actual: Uint8Array, expected: Uint8Array, label = ""): void {
  assert.equal(actual.length, expected.length, `${label} length`);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) assert.fail(`${label} differs at byte ${i}`);
  }
}

const withChecksum = { params: { [constants.ZSTD_c_checksumFlag]: 1 } };

async function streamFails(input: Uint8Array, chunkSize: number, offset: number, reason: string) {
  let caught: unknown;
  try {
    await within(streamAll(chunked(input, chunkSize)));
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof DecodeError, `expected DecodeError, got ${caught}`);
  assert.equal(caught.message, `f.zst: ${reason} in compressed input at byte offset ${offset}`);
  assert.equal(caught.offset, offset);
}

sampleTest(
  "zstdDecompressStream() decodes two sample files and a skippable frame between",
  async () => {
    const a = readData("test_data.tbbo.v2.dbn.zst");
    const b = readData("test_data.trades.v3.dbn.zst");
    const input = concat([a, SKIPPABLE, b]);
    const expected = concat([zstdDecompressSync(a), zstdDecompressSync(b)]);
    assert.equal(expected.length, 513 + 456);
    for (const size of [1, 7, 200, 1 << 20]) {
      assertSameBytes(await streamAll(chunked(input, size)), expected, `chunks of ${size}`);
    }
    assertSameBytes(zstdDecompressAll(input, "f.zst"), expected);
  },
);

Deno.test("zstdDecompressStream() decodes a multi-MB frame and a second frame after it", async () => {
  const big = sampleBytes(12 * 1024 * 1024 + 13);
  const small = sampleBytes(1000);
  const input = concat([zstdCompressSync(big, withChecksum), zstdCompressSync(small)]);
  assert.ok(input.length > 1024 * 1024, `compressed size ${input.length}`);
  const out = await streamAll(chunked(input, 64 * 1024));
  assertSameBytes(out, concat([big, small]));
});

sampleTest("ZstdFrameScanner cuts units of whole blocks that cover every frame byte", () => {
  const a = zstdCompressSync(sampleBytes(3 * 1024 * 1024), withChecksum);
  const b = readData("test_data.ohlcv-1m.v1.dbn.zst");
  const scanner = new ZstdFrameScanner("f.zst");
  const units = chunked(concat([a, SKIPPABLE, b]), 5000).flatMap((c) => scanner.push(c));
  scanner.end();
  assert.equal(scanner.frames, 2);
  for (const u of units) assert.ok(u.blocks <= MAX_BLOCKS_PER_UNIT);
  assert.ok(units.length > 3);
  // Units tile each frame exactly: offsets are contiguous, the skippable frame left out.
  const frameA = units.filter((u) => u.offset < a.length);
  const frameB = units.filter((u) => u.offset >= a.length);
  assertSameBytes(concat(frameA.map((u) => u.bytes)), a, "frame A");
  assertSameBytes(concat(frameB.map((u) => u.bytes)), b, "frame B");
  assert.equal(frameB[0].offset, a.length + SKIPPABLE.length);
  assert.deepEqual(units.filter((u) => u.frameStart).map((u) => u.offset), [0, frameB[0].offset]);
  assert.deepEqual(
    units.filter((u) => u.frameEnd).map((u) => u.offset + u.bytes.length),
    [a.length, a.length + SKIPPABLE.length + b.length],
  );
});

sampleTest(
  "zstdDecompressStream() reports corrupt data in a sample file as a DecodeError",
  async () => {
    const bad = readData("test_data.tbbo.v3.dbn.zst").slice();
    for (let i = 40; i < 60; i++) bad[i] ^= 0x5a;
    await streamFails(bad, 1 << 20, 0, "corrupt zstd data (Data corruption detected)");
    assert.throws(
      () => zstdDecompressAll(bad, "f.zst"),
      (e: unknown) =>
        e instanceof DecodeError && e.offset === 0 && /Data corruption/.test(e.message),
    );
  },
);

Deno.test("zstdDecompressStream() reports corruption deep inside a big frame without a hang", async () => {
  // Flipped bytes in a long frame are often only caught by the final checksum, after
  // megabytes of output: the case where an unguarded native write throws uncaught.
  const compressed = zstdCompressSync(sampleBytes(8 * 1024 * 1024), withChecksum);
  for (const at of [compressed.length >> 1, compressed.length - 4]) {
    const bad = compressed.slice();
    for (let i = at; i < at + 4; i++) bad[i] ^= 0xff;
    let caught: unknown;
    try {
      await within(streamAll(chunked(bad, 1 << 20)));
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof DecodeError, `flip at ${at}: ${caught}`);
    assert.match(caught.message, /^f\.zst: corrupt zstd data \(.+\) in compressed input at byte/);
  }
});

Deno.test("zstdDecompressStream() reports a bad checksum in a write larger than the space left", async () => {
  // 8 MiB = 64 full blocks; units of 40 blocks against a 41-block output buffer: the second
  // unit (24 blocks, with the checksum) cannot fit in what the first one left. Unguarded,
  // Deno's decoder resumes that write from a nextTick, the checksum error escapes uncaught
  // and the write never settles; guarded, the decoder gets a fresh buffer first.
  const compressed = zstdCompressSync(sampleBytes(8 * 1024 * 1024), withChecksum);
  const bad = compressed.slice();
  bad[bad.length - 1] ^= 0xff;
  const parts: Uint8Array[] = [];
  let caught: unknown;
  try {
    await within((async () => {
      for await (const part of zstdDecompressStream([bad], "f.zst", 40)) parts.push(part);
    })());
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof DecodeError, `${caught}`);
  assert.match(
    caught.message,
    /^f\.zst: corrupt zstd data \(Restored data doesn't match checksum\)/,
  );
  assert.equal(concat(parts).length, 40 * 128 * 1024);
});

sampleTest("zstdDecompressStream() rejects input that ends inside a frame", async () => {
  const a = readData("test_data.trades.v2.dbn.zst");
  const cut = a.subarray(0, a.length - 3);
  await streamFails(cut, 16, cut.length, "truncated zstd data (input ends inside a frame)");
  await streamFails(a.subarray(0, 2), 16, 2, "truncated zstd data (input ends inside a frame)");
});

sampleTest("zstdDecompressStream() rejects bytes after a frame that are no frame", async () => {
  const a = readData("test_data.trades.v2.dbn.zst");
  await streamFails(
    concat([a, new TextEncoder().encode("abcd")]),
    64,
    a.length,
    "bad zstd frame magic 0x64636261",
  );
});

sampleTest("zstdDecompressStream() rejects reserved block types and dictionaries", async () => {
  const a = readData("test_data.tbbo.v2.dbn.zst");
  // Frame header: magic, FHD 0x04 (checksum), window byte; first block header at 6.
  assert.deepEqual(Array.from(a.subarray(4, 6)), [0x04, 0x58]);
  const reserved = a.slice();
  reserved[6] |= 0x06;
  await streamFails(reserved, 1024, 6, "reserved zstd block type");
  const dict = a.slice();
  dict[4] |= 0x01;
  await streamFails(dict, 1024, 4, "zstd dictionaries are not supported");
});

Deno.test("zstdDecompressStream() stops cleanly when its consumer stops early", async () => {
  const input = zstdCompressSync(sampleBytes(4 * 1024 * 1024), withChecksum);
  let got = 0;
  for await (const part of zstdDecompressStream(chunked(input, 1 << 16), "f.zst")) {
    got += part.length;
    break;
  }
  assert.ok(got > 0);
});
