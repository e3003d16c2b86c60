import { Rng } from "./rng.ts";
import { randomBars } from "../indicators/fixtures.ts";
import { permutationSource } from "./permuted_bars.ts";
const N = 97_740;
const src = permutationSource(randomBars(N, 3), false);
const perm = new Int32Array(N);
const open = new Float64Array(N), close = new Float64Array(N);
const TWO_32 = 4294967296, INV = 1 / TWO_32;
function v1(rng: Rng) {
  const chain = src.chain;
  for (let i = 0; i < N; i++) perm[i] = i;
  let prev = 100;
  for (let t = 1; t < N; t++) {
    const span = N - t;
    const m = rng.nextU32() * span;
    const hi = Math.floor(m * INV);
    const j = t + hi;
    const tmp = perm[j]; perm[j] = perm[t]; perm[t] = tmp;
    const k = 2 * perm[t];
    const o = prev * chain[k];
    open[t] = o;
    prev = o * chain[k + 1];
    close[t] = prev;
  }
}
function v2(rng: Rng) {
  const chain = src.chain;
  for (let i = 0; i < N; i++) perm[i] = i;
  let prev = 100;
  for (let t = 1; t < N; t++) {
    const span = N - t;
    let m = rng.nextU32() * span;
    let hi = Math.floor(m * INV);
    let low = m - hi * TWO_32;
    if (low < span) {
      const threshold = (TWO_32 - span) % span;
      while (low < threshold) {
        m = rng.nextU32() * span;
        hi = Math.floor(m * INV);
        low = m - hi * TWO_32;
      }
    }
    const j = t + hi;
    const tmp = perm[j]; perm[j] = perm[t]; perm[t] = tmp;
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
let s = 0;
time("v1", () => v1(new Rng(s++)));
time("v2", () => v2(new Rng(s++)));
const r = new Rng(5);
time("v1 same rng", () => v1(r));
