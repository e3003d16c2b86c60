import { Rng } from "./rng.ts";
const N = 97_740;
const perm = new Int32Array(N);
function time(label: string, f: () => unknown) {
  for (let i = 0; i < 50; i++) f();
  const a = performance.now();
  for (let i = 0; i < 300; i++) f();
  console.log(label, ((performance.now() - a) / 300).toFixed(3));
}
function fwd(seedA: number, seedB: number) {
  let s0 = seedA | 0, s1 = seedB | 0, s2 = 0x12345678, s3 = 0x9abcdef;
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
function bwd(seedA: number, seedB: number) {
  let s0 = seedA | 0, s1 = seedB | 0, s2 = 0x12345678, s3 = 0x9abcdef;
  for (let i = 0; i < N; i++) perm[i] = i;
  for (let i = N - 1; i > 1; i--) {
    const r = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)), 9) >>> 0;
    const tt = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= tt; s3 = (s3 << 11) | (s3 >>> 21);
    const span = i;
    const hi = Math.floor(r * span * (1 / 4294967296));
    const j = 1 + hi;
    const tmp = perm[j]; perm[j] = perm[i]; perm[i] = tmp;
  }
}
let k = 1;
time("fwd good seed", () => fwd(0x6a09e667 + k++, 0xbb67ae85));
time("bwd good seed", () => bwd(0x6a09e667 + k++, 0xbb67ae85));
time("fwd low seed", () => fwd(5, 36));
const rr = new Rng(3);
time("rng.shuffle", () => { for (let i = 0; i < N; i++) perm[i] = i; rr.shuffle(perm, 1, N); });
