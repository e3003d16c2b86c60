import { Rng } from "./rng.ts";
const N = 97_740;
const perm = new Int32Array(N);
const chain = new Float64Array(2 * N).fill(1.0001);
const open = new Float64Array(N), close = new Float64Array(N);
function shuffleOnly(rng: Rng) {
  for (let i = 0; i < N; i++) perm[i] = i;
  for (let t = 1; t < N; t++) {
    const span = N - t;
    const m = rng.nextU32() * span;
    const hi = Math.floor(m * (1 / 4294967296));
    const j = t + hi;
    const tmp = perm[j]; perm[j] = perm[t]; perm[t] = tmp;
  }
}
function rngOnly(rng: Rng) {
  let s = 0;
  for (let t = 1; t < N; t++) s += rng.nextU32();
  return s;
}
function inlineShuffle(seed: number) {
  let s0 = seed | 0, s1 = (seed * 7 + 1) | 0, s2 = 3, s3 = 4;
  for (let i = 0; i < N; i++) perm[i] = i;
  for (let t = 1; t < N; t++) {
    const r = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)), 9) >>> 0;
    const tt = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= tt; s3 = (s3 << 11) | (s3 >>> 21);
    const span = N - t;
    const hi = Math.floor(r * span * (1 / 4294967296));
    const j = t + hi;
    const tmp = perm[j]; perm[j] = perm[t]; perm[t] = tmp;
  }
}
function chainOnly() {
  let prev = 100;
  for (let t = 1; t < N; t++) {
    const k = 2 * perm[t];
    const o = prev * chain[k];
    open[t] = o;
    prev = o * chain[k + 1];
    close[t] = prev;
  }
}
function time(label: string, f: () => unknown) {
  for (let i = 0; i < 50; i++) f();
  const a = performance.now();
  for (let i = 0; i < 300; i++) f();
  console.log(label, ((performance.now() - a) / 300).toFixed(3));
}
const rng = new Rng(1);
time("rngOnly", () => rngOnly(rng));
time("shuffleOnly", () => shuffleOnly(rng));
time("inlineShuffle", () => inlineShuffle(5));
time("chainOnly(random perm)", () => chainOnly());
import { randomBars } from "../indicators/fixtures.ts";
import { PermutedBars, permutationSource } from "./permuted_bars.ts";
const pb = new PermutedBars(permutationSource(randomBars(N, 3), false));
let seed = 0;
time("pb.shuffle", () => pb.shuffle(new Rng(seed++)));
const rr = new Rng(9);
time("rng.shuffle", () => { for (let i = 0; i < N; i++) perm[i] = i; rr.shuffle(perm, 1, N); });
time("pb.apply(perm)", () => pb.apply(perm));
