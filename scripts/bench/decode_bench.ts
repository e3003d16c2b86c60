/**
 * @module
 * Benchmark of the streaming DBN decoder: records/s of `openDbn(...).batches()` end to end
 * (file reads included) over an uncompressed TBBO file, and over its zstd form.
 *
 * Setup (not timed) writes a DBN v3 TBBO file of `--records` records (default 10,000,000,
 * 800 MB) into a temp dir with a small local writer and deterministic (seeded) values, plus
 * a zstd copy when `--zstd` is given. Each measurement runs `--runs` times (default 3) and
 * prints every run and the median.
 *
 * Run: `scripts/deno run -A scripts/bench/decode_bench.ts [--records N] [--runs N] [--zstd]`
 */
import { createZstdCompress } from "node:zlib";
import { once } from "node:events";
import { openDbn } from "../../src/market/dbn/decoder.ts";
import { halves, u64At } from "../../src/market/dbn/fixed_point.ts";

const args = Deno.args;
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RECORDS = flag("--records", 10_000_000);
const RUNS = flag("--runs", 3);
const ZSTD = args.includes("--zstd");
const REUSE = args.includes("--reuse");
const BATCH = flag("--batch", 65536);

/** A DBN v3 TBBO metadata header for one symbol (ESH1 → 5482). */
function header(): Uint8Array {
  const L = 71;
  const body = 100 + 4 + 4 + L + 4 + 4 + 4 + L + 4 + 8 + L;
  const length = Math.ceil(body / 8) * 8;
  const b = new Uint8Array(8 + length);
  const v = new DataView(b.buffer);
  b.set([0x44, 0x42, 0x4e, 3]);
  v.setUint32(4, length, true);
  b.set(new TextEncoder().encode("GLBX.MDP3"), 8);
  v.setUint16(24, 3, true); // tbbo
  v.setBigUint64(26, 1609160400000000000n, true);
  v.setBigUint64(34, 1609200000000000000n, true);
  b[50] = 1; // stype_in raw_symbol
  b[51] = 0; // stype_out instrument_id
  v.setUint16(53, L, true);
  let o = 112;
  v.setUint32(o, 1, true);
  b.set(new TextEncoder().encode("ESH1"), o + 4);
  o += 4 + L + 4 + 4; // symbols, partial (0), not_found (0)
  v.setUint32(o, 1, true); // one mapping
  b.set(new TextEncoder().encode("ESH1"), o + 4);
  o += 4 + L;
  v.setUint32(o, 1, true);
  v.setUint32(o + 4, 20201228, true);
  v.setUint32(o + 8, 20201229, true);
  b.set(new TextEncoder().encode("5482"), o + 12);
  return b;
}

/** Writes `n` TBBO records (80 B each) with an LCG-driven walk. */
async function writeTbbo(path: string, n: number): Promise<void> {
  using f = await Deno.open(path, { write: true, create: true, truncate: true });
  await f.write(header());
  const per = 65536;
  const buf = new ArrayBuffer(per * 80);
  const v = new DataView(buf);
  let seed = 42;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  let ts = 1609160400000000000n;
  let px = 3720250000000n;
  for (let done = 0; done < n;) {
    const k = Math.min(per, n - done);
    for (let i = 0; i < k; i++) {
      const o = i * 80;
      ts += BigInt(1000 + (rnd() & 0xffff));
      px += BigInt(((rnd() % 3) - 1) * 250000000);
      v.setUint8(o, 20);
      v.setUint8(o + 1, 1);
      v.setUint16(o + 2, 1, true);
      v.setUint32(o + 4, 5482, true);
      v.setBigUint64(o + 8, ts, true);
      v.setBigInt64(o + 16, px, true);
      v.setUint32(o + 24, 1 + (rnd() & 31), true);
      v.setUint8(o + 28, 84);
      v.setUint8(o + 29, rnd() & 1 ? 65 : 66);
      v.setUint8(o + 30, 129);
      v.setBigUint64(o + 32, ts + 300000n, true);
      v.setInt32(o + 40, 19251, true);
      v.setUint32(o + 44, done + i, true);
      v.setBigInt64(o + 48, px - 250000000n, true);
      v.setBigInt64(o + 56, px, true);
      v.setUint32(o + 64, rnd() & 63, true);
      v.setUint32(o + 68, rnd() & 63, true);
      v.setUint32(o + 72, rnd() & 15, true);
      v.setUint32(o + 76, rnd() & 15, true);
    }
    await f.write(new Uint8Array(buf, 0, k * 80));
    done += k;
  }
}

async function compress(src: string, dst: string): Promise<void> {
  using input = await Deno.open(src);
  using output = await Deno.open(dst, { write: true, create: true, truncate: true });
  const z = createZstdCompress();
  const writes: Promise<number>[] = [];
  z.on("data", (b: Uint8Array) => writes.push(output.write(b)));
  const buf = new Uint8Array(1 << 22);
  for (;;) {
    const n = await input.read(buf);
    if (n === null) break;
    if (!z.write(buf.slice(0, n))) await once(z, "drain");
  }
  z.end();
  await once(z, "end");
  await Promise.all(writes);
}

/** Decodes the whole file; returns records and a checksum that keeps the work observable. */
async function decodeOnce(
  path: string,
): Promise<{ records: number; seconds: number; check: number }> {
  const t0 = performance.now();
  const reader = await openDbn(path, { expectSchema: 3, reuseBatches: REUSE, batchRecords: BATCH });
  let records = 0;
  let check = 0;
  for await (const batch of reader.batches()) {
    const m = batch.mbp1!;
    records += m.length;
    check += m.size[m.length - 1] + u64At(halves(m.tsRecv), m.length - 1) % 1000;
  }
  return { records, seconds: (performance.now() - t0) / 1000, check };
}

async function measure(label: string, path: string): Promise<void> {
  const secs: number[] = [];
  let records = 0;
  for (let r = 0; r < RUNS; r++) {
    const res = await decodeOnce(path);
    records = res.records;
    secs.push(res.seconds);
    console.log(
      `  run ${r + 1}: ${res.records} records in ${res.seconds.toFixed(3)} s = ${
        (res.records / res.seconds / 1e6).toFixed(1)
      }M records/s (check ${res.check})`,
    );
  }
  if (records !== RECORDS) throw new Error(`decoded ${records} records, wrote ${RECORDS}`);
  const median = secs.sort((a, b) => a - b)[Math.floor(secs.length / 2)];
  console.log(
    `decode ${label}: ${records} records in ${median.toFixed(2)} s = ${
      (records / median / 1e6).toFixed(1)
    }M records/s (median of ${RUNS})`,
  );
}

const KEEP = args.includes("--keep");
const dir = await Deno.makeTempDir({ prefix: "hewston_decode_bench_" });
try {
  const plain = `${dir}/tbbo.dbn`;
  console.log(`writing ${RECORDS} TBBO records to ${plain} ...`);
  await writeTbbo(plain, RECORDS);
  console.log(`  ${((await Deno.stat(plain)).size / 1e6).toFixed(0)} MB`);
  await measure("tbbo", plain);
  if (ZSTD) {
    const zst = `${plain}.zst`;
    await compress(plain, zst);
    console.log(`  zstd: ${((await Deno.stat(zst)).size / 1e6).toFixed(0)} MB`);
    await measure("tbbo.zst", zst);
  }
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else await Deno.remove(dir, { recursive: true });
}
