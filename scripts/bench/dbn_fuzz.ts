/**
 * @module
 * Mutation fuzzing of the DBN decoder at scale: 6,500 seeded mutants of the real sample files
 * (`src/market/dbn/testing/mutants.ts`), each decoded in memory (`decodeDbnBytes`) and as a
 * chunked stream (`openDbnStream`). Prints how many were decoded, rejected with a DecodeError,
 * or failed any other way, the slowest mutant's time, and the process's peak RSS (VmHWM).
 * Goal: every mutant decoded or rejected, each in < 1 s, peak RSS < 256 MB.
 *
 * With `--v8-flags=--expose-gc` a full collection runs before each mutant, so the peak RSS is
 * the worst single mutant on top of the baseline rather than garbage piling up between
 * collections (the decoder's buffers are short-lived but V8 collects them lazily).
 *
 * Run: `scripts/deno run -A --v8-flags=--expose-gc scripts/bench/dbn_fuzz.ts [--mutants 6500]
 * [--seed 20260411]`
 */
import { DecodeError } from "../../src/domain/errors.ts";
import { decodeDbnBytes, openDbnStream } from "../../src/market/dbn/decoder.ts";
import { loadSamples, mutant } from "../../src/market/dbn/testing/mutants.ts";

const args = Deno.args;
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const MUTANTS = flag("--mutants", 6500);
const SEED = flag("--seed", 20260411);
const DIR = new URL("../../../shared/data/dbn/", import.meta.url);

function peakRssMb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? NaN);
  return kb / 1024;
}

const files = [...Deno.readDirSync(DIR)]
  .filter((e) => e.isFile && /\.dbn(\.zst)?$/.test(e.name))
  .map((e) => ({ name: e.name, bytes: Deno.readFileSync(new URL(e.name, DIR)) }));
const samples = loadSamples(files);
const startRss = peakRssMb();
let decoded = 0;
let rejected = 0;
const wrong: string[] = [];
let slowest = { ms: 0, what: "" };
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < MUTANTS; i++) {
  gc?.();
  const m = mutant(samples, SEED, i);
  const t0 = performance.now();
  let err: unknown;
  try {
    decodeDbnBytes(m.bytes, "m.dbn");
  } catch (e) {
    err = e;
  }
  try {
    const chunks: Uint8Array[] = [];
    for (let k = 0; k < m.bytes.length; k += 4096) chunks.push(m.bytes.subarray(k, k + 4096));
    const reader = await openDbnStream(chunks, { file: "m.dbn" });
    for await (const _ of reader.batches()) { /* decode every record */ }
  } catch (e) {
    err ??= e;
    if (!(e instanceof DecodeError)) err = e;
  }
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { ms, what: `#${i} ${m.source} ${m.change}` };
  if (err === undefined) decoded++;
  else if (err instanceof DecodeError) rejected++;
  else wrong.push(`#${i} ${m.source} ${m.change}: ${err}`);
}
console.log(`mutants: ${MUTANTS} (seed ${SEED}, ${samples.length} sample files)`);
console.log(`decoded: ${decoded}, rejected with DecodeError: ${rejected}, other: ${wrong.length}`);
for (const w of wrong.slice(0, 10)) console.log(`  ${w}`);
console.log(`slowest mutant: ${slowest.ms.toFixed(1)} ms (${slowest.what})`);
console.log(
  `full collection before each mutant: ${gc ? "yes" : "no (pass --v8-flags=--expose-gc)"}`,
);
console.log(
  `peak RSS: ${peakRssMb().toFixed(1)} MB (after loading samples: ${startRss.toFixed(1)} MB)`,
);
