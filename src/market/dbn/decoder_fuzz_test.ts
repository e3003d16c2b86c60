/**
 * @module
 * Seeded mutation fuzzing of the decoder over the real sample files: every mutant is either
 * decoded or rejected with a {@link DecodeError} (never a RangeError, never gigabytes of
 * allocation), through both the in-memory and the streaming entry points. Plus the metadata
 * bombs the fault-injection run found, each with its exact error. The 6,500-mutant run with
 * time and memory figures is `scripts/bench/dbn_fuzz.ts`.
 */
import assert from "node:assert/strict";
import { zstdDecompressSync } from "node:zlib";
import { DecodeError } from "../../domain/errors.ts";
import { decodeDbnBytes, openDbnStream } from "./decoder.ts";
import { readData, sampleTest, SCHEMAS } from "../testing/dbn_testdata.ts";
import { loadSamples, mutant } from "./testing/mutants.ts";

const SEED = 20260411;
const MUTANTS = 300;

function sampleFiles() {
  const names: string[] = [];
  for (const s of SCHEMAS) {
    for (const suffix of [".dbn", ".v1.dbn.zst", ".v2.dbn.zst", ".v3.dbn.zst"]) {
      names.push(`test_data.${s.stem}${suffix}`);
    }
  }
  return loadSamples(names.map((name) => ({ name, bytes: readData(name) })));
}

async function decodeStreamed(bytes: Uint8Array): Promise<number> {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 97) chunks.push(bytes.subarray(i, i + 97));
  const reader = await openDbnStream(chunks, { file: "m.dbn" });
  let n = 0;
  for await (const b of reader.batches()) {
    n += b.trades?.length ?? b.mbp1?.length ?? b.ohlcv?.length ?? b.control?.length ?? 0;
  }
  return n;
}

/** Undefined when decoded or refused with a DecodeError; else what went wrong. */
function outcome(err: unknown): string | undefined {
  if (err === undefined || err instanceof DecodeError) return undefined;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

sampleTest({
  name: "decodeDbnBytes() and openDbnStream() decode or reject 300 seeded mutants of the samples",
  async fn() {
    const samples = sampleFiles();
    const wrong: string[] = [];
    let rejected = 0;
    for (let i = 0; i < MUTANTS; i++) {
      const m = mutant(samples, SEED, i);
      let err: unknown;
      try {
        decodeDbnBytes(m.bytes, "m.dbn");
      } catch (e) {
        err = e;
      }
      if (err !== undefined) rejected++;
      let streamErr: unknown;
      try {
        await decodeStreamed(m.bytes);
      } catch (e) {
        streamErr = e;
      }
      for (const bad of [outcome(err), outcome(streamErr)]) {
        if (bad) wrong.push(`#${i} ${m.source} ${m.change}: ${bad}`);
      }
    }
    assert.deepEqual(wrong, []);
    // The mutants are not all harmless: most must be refused.
    assert.ok(rejected > MUTANTS / 2, `only ${rejected} of ${MUTANTS} mutants rejected`);
  },
});

function v2Header(): Uint8Array {
  return readData("test_data.trades.dbn").slice();
}

function decodeFails(bytes: Uint8Array, offset: number, reason: string): void {
  assert.throws(
    () => decodeDbnBytes(bytes, "f.dbn"),
    (err: unknown) =>
      err instanceof DecodeError && err.offset === offset &&
      err.message === `f.dbn: ${reason} at byte offset ${offset}`,
  );
}

sampleTest({
  name: "decodeDbnBytes() rejects symbol_cstr_len 0 at once instead of allocating",
  fn() {
    const bytes = v2Header();
    const view = new DataView(bytes.buffer);
    view.setUint16(53, 0, true);
    // With an empty symbol width a huge symbol count costs no header bytes: the bomb.
    view.setUint32(112, 0xffffffff, true);
    decodeFails(bytes, 53, "symbol_cstr_len 0 is out of range (1 to 256)");
  },
});

sampleTest({
  name: "decodeDbnBytes() rejects metadata lengths 100 to 103 as a truncated header",
  fn() {
    for (const length of [100, 101, 102, 103]) {
      const bytes = v2Header().subarray(0, 8 + length + 64).slice();
      new DataView(bytes.buffer).setUint32(4, length, true);
      decodeFails(
        bytes,
        108,
        `metadata length ${length} leaves no room for schema_definition_length`,
      );
    }
  },
});

sampleTest({
  name: "decodeDbnBytes() rejects a mapping count larger than the header can hold",
  fn() {
    const bytes = v2Header();
    // symbols(1) at 112, partial(0) at 187, not_found(0) at 191, mappings count at 195.
    new DataView(bytes.buffer).setUint32(195, 0x7fffffff, true);
    decodeFails(bytes, 195, "metadata mappings count 2147483647 is too large");
    const intervals = v2Header();
    // The first mapping's interval count follows its 71-byte raw symbol.
    new DataView(intervals.buffer).setUint32(199 + 71, 0xffffffff, true);
    decodeFails(intervals, 270, "metadata mappings interval count 4294967295 is too large");
  },
});

sampleTest({
  name: "openDbnStream() refuses a header length beyond the cap before buffering it",
  async fn() {
    const bytes = new Uint8Array(zstdDecompressSync(readData("test_data.tbbo.v3.dbn.zst")));
    new DataView(bytes.buffer).setUint32(4, 0xfffffff0, true);
    let caught: unknown;
    try {
      await decodeStreamed(bytes);
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof DecodeError, String(caught));
    assert.equal(caught.offset, 4);
    assert.match(caught.message, /metadata length 4294967280 is above the limit of 67108864/);
  },
});
