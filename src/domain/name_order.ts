/**
 * @module
 * The order of file names in a folder's manifest. Manifests have always listed files in
 * `String.prototype.localeCompare` order (ICU's root collation for these names); the first
 * `localeCompare` of a process loads ICU's collator, which costs a CLI backtest ~20 ms. For
 * the names artifacts have (lower-case letters, digits, `_`, `-`, `.`) this comparator gives
 * the same order from a table; any other name falls back to `localeCompare`, so no manifest
 * changes a byte.
 */

// ICU root collation's primary order of these characters (no ties among them).
const ORDER = "_-.0123456789abcdefghijklmnopqrstuvwxyz";
const RANK = new Int8Array(128).fill(-1);
for (let i = 0; i < ORDER.length; i++) RANK[ORDER.charCodeAt(i)] = i;

function ranked(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || RANK[c] < 0) return false;
  }
  return true;
}

/**
 * Compares two file names as `a.localeCompare(b)` orders them (negative, zero, positive).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const names = ["run-manifest.json", "validation_summary.json", "equity.parquet"];
 * assert.deepEqual(names.sort(compareNames), [
 *   "equity.parquet",
 *   "run-manifest.json",
 *   "validation_summary.json",
 * ]);
 * ```
 */
export function compareNames(a: string, b: string): number {
  if (!ranked(a) || !ranked(b)) return a.localeCompare(b);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = RANK[a.charCodeAt(i)] - RANK[b.charCodeAt(i)];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
