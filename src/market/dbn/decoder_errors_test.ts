/**
 * @module
 * Tests of the decoder's failures, each with its exact message and offset, through every entry
 * point: DBZ, truncated and impossible records, magic, version, empty input, corrupt zstd,
 * schema mismatch, missing file.
 */
import assert from "node:assert/strict";
import { zstdCompressSync, zstdDecompressSync } from "node:zlib";
import type { DbnBatch } from "./types.ts";
import { DecodeError, NotFoundError } from "../../domain/errors.ts";
import { decodeDbnBytes, openDbn, openDbnStream } from "./decoder.ts";
import { dataPath, readData, rejectsDecode, sampleTest, SCHEMAS } from "../testing/dbn_testdata.ts";

/** Opens a file and reads every batch (the failure may come at open or while reading). */
async function readAll(path: string, opts: { expectSchema?: number } = {}): Promise<DbnBatch[]> {
  const reader = await openDbn(path, opts);
  const out: DbnBatch[] = [];
  for await (const b of reader.batches()) out.push(b);
  return out;
}

async function readAllStream(bytes: Uint8Array, chunk: number): Promise<DbnBatch[]> {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const reader = await openDbnStream(chunks, { file: "s.dbn" });
  const out: DbnBatch[] = [];
  for await (const b of reader.batches()) out.push(b);
  return out;
}

/** Runs `fn` with a temp dir holding `name` = `bytes`; cleans up after. */
async function withFile(name: string, bytes: Uint8Array, fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/${name}`;
    await Deno.writeFile(path, bytes);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Same failure from openDbn (plain file and its zstd copy), openDbnStream and decodeDbnBytes. */
async function failsEverywhere(plain: Uint8Array, offset: number, reason: string) {
  await withFile("f.dbn", plain, async (path) => {
    await rejectsDecode(readAll(path), offset, `${path}: ${reason} at byte offset ${offset}`);
  });
  await withFile("f.dbn.zst", zstdCompressSync(plain), async (path) => {
    await rejectsDecode(readAll(path), offset, `${path}: ${reason} at byte offset ${offset}`);
  });
  await rejectsDecode(readAllStream(plain, 7), offset, `s.dbn: ${reason} at byte offset ${offset}`);
  assert.throws(
    () => decodeDbnBytes(plain, "b.dbn"),
    (e: unknown) =>
      e instanceof DecodeError && e.offset === offset &&
      e.message === `b.dbn: ${reason} at byte offset ${offset}`,
  );
}

sampleTest("openDbn() rejects the legacy DBZ samples", async (t) => {
  for (const s of SCHEMAS) {
    const name = `test_data.${s.stem}.dbz`;
    await t.step(name, async () => {
      const path = dataPath(name);
      const msg = `${path}: legacy DBZ file; only DBN is supported at byte offset 0`;
      await rejectsDecode(readAll(path), 0, msg);
      await rejectsDecode(readAllStream(readData(name), 3), 0, msg.replace(path, "s.dbn"));
      assert.throws(() => decodeDbnBytes(readData(name)), /legacy DBZ file/);
    });
  }
});

sampleTest("openDbn() rejects a record cut at the end of the input", async () => {
  const trades = readData("test_data.trades.dbn");
  await failsEverywhere(trades.subarray(0, 439), 401, "truncated record (38 of 48 bytes)");
  const tbbo = new Uint8Array(zstdDecompressSync(readData("test_data.tbbo.v1.dbn.zst")));
  await failsEverywhere(tbbo.subarray(0, 287), 286, "truncated record (1 of 80 bytes)");
});

sampleTest("openDbn() rejects zero and short record lengths", async () => {
  const zero = readData("test_data.trades.dbn").slice();
  zero[401] = 0;
  await failsEverywhere(
    zero,
    401,
    "impossible record length 0 bytes (length byte 0; a record holds at least 16)",
  );
  const short = readData("test_data.trades.dbn").slice();
  short[353] = 3;
  await failsEverywhere(
    short,
    353,
    "impossible record length 12 bytes (length byte 3; a record holds at least 16)",
  );
  const tooShort = readData("test_data.tbbo.dbn").slice();
  tooShort[433] = 12; // 48 bytes: a TradeMsg size for an Mbp1Msg rtype
  await failsEverywhere(tooShort, 433, "record of 48 bytes is too short for rtype 0x01 (needs 80)");
});

sampleTest("openDbn() rejects a wrong magic", async () => {
  const bytes = readData("test_data.trades.dbn").slice();
  bytes[0] = 0x58;
  await failsEverywhere(bytes, 0, "not a DBN stream: bad magic 58 42 4e 02");
  await withFile("notes.txt", new TextEncoder().encode("hello, world"), async (path) => {
    await rejectsDecode(
      readAll(path),
      0,
      `${path}: not a DBN stream: bad magic 68 65 6c 6c at byte offset 0`,
    );
  });
});

sampleTest("openDbn() rejects DBN version 4", async () => {
  const bytes = new Uint8Array(zstdDecompressSync(readData("test_data.tbbo.v3.dbn.zst")));
  bytes[3] = 4;
  await failsEverywhere(bytes, 3, "unsupported DBN version 4 (expected 1 to 3)");
});

sampleTest("openDbn() rejects an empty or header-only input", async () => {
  await failsEverywhere(new Uint8Array(0), 0, "truncated metadata header (0 of 8 prelude bytes)");
  const trades = readData("test_data.trades.dbn");
  await failsEverywhere(
    trades.subarray(0, 300),
    300,
    "truncated metadata header (300 of 353 bytes)",
  );
});

sampleTest("openDbn() rejects corrupted zstd without a hang", async () => {
  const bad = readData("test_data.tbbo.v3.dbn.zst").slice();
  for (let i = 40; i < 60; i++) bad[i] ^= 0x5a;
  await withFile("bad.dbn.zst", bad, async (path) => {
    await rejectsDecode(
      readAll(path),
      0,
      `${path}: corrupt zstd data (Data corruption detected) in compressed input at byte offset 0`,
    );
  });
  const cut = readData("test_data.tbbo.v3.dbn.zst").subarray(0, 150);
  await withFile("cut.dbn.zst", cut, async (path) => {
    await rejectsDecode(
      readAll(path),
      150,
      `${path}: truncated zstd data (input ends inside a frame) in compressed input at byte offset 150`,
    );
  });
});

sampleTest("openDbn() rejects a schema other than the expected one, naming both", async () => {
  const path = dataPath("test_data.tbbo.v2.dbn.zst");
  await rejectsDecode(
    readAll(path, { expectSchema: 4 }),
    24,
    `${path}: schema mismatch: expected trades, file holds tbbo at byte offset 24`,
  );
  const plain = dataPath("test_data.ohlcv-1m.dbn");
  await rejectsDecode(
    readAll(plain, { expectSchema: 3 }),
    24,
    `${plain}: schema mismatch: expected tbbo, file holds ohlcv-1m at byte offset 24`,
  );
  assert.throws(
    () => decodeDbnBytes(readData("test_data.trades.v1.dbn.zst"), "t", { expectSchema: 3 }),
    /schema mismatch: expected tbbo, file holds trades/,
  );
});

Deno.test("openDbn() reports a missing file as a NotFoundError", async () => {
  await assert.rejects(
    () => openDbn("/nonexistent/x.dbn"),
    (e: unknown) =>
      e instanceof NotFoundError && e.code === "FILE_NOT_FOUND" &&
      e.message === "/nonexistent/x.dbn: no such file",
  );
});
