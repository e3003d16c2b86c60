/**
 * @module
 * Canonical JSON: the one serialisation used for hashes and manifests. Keys are sorted at
 * every level, numbers are written in a fixed form, and the output is byte-stable across
 * processes and platforms, so the same value always hashes the same.
 */
import { MAX_JSON_DEPTH, tooDeep } from "./json_depth.ts";

/**
 * Serialises `value` canonically: object keys sorted by code unit, no insignificant
 * whitespace unless `indent` is given, numbers in ECMAScript's shortest round-trip form
 * (exact, and specified to the digit by the language, so every engine writes the same text).
 *
 * @param value JSON-compatible value (undefined object members are dropped)
 * @param indent optional indentation for files meant to be read by people
 * @returns the canonical text
 * @throws {TypeError} on NaN, Infinity, bigint or a non-plain value
 * @throws {HewstonError} TOO_DEEP for a value nested deeper than {@link MAX_JSON_DEPTH} levels
 *   (the writer recurses; a bounded depth keeps it off the stack limit)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(canonicalJson({ b: 1, a: [0.5, "x"] }), '{"a":[0.5,"x"],"b":1}');
 * ```
 */
export function canonicalJson(value: unknown, indent = 0): string {
  return write(value, indent, "", 0);
}

/** Formats a finite number the canonical way (see {@link canonicalJson}). */
export function canonicalNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`canonicalJson: non-finite number ${n}`);
  if (n === 0) return "0"; // also -0
  return String(n);
}

function write(value: unknown, indent: number, pad: string, depth: number): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      return canonicalNumber(value);
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (depth >= MAX_JSON_DEPTH) throw tooDeep("value");
      break;
    default:
      throw new TypeError(`canonicalJson: cannot serialise ${typeof value}`);
  }
  const inner = indent > 0 ? pad + " ".repeat(indent) : "";
  const nl = indent > 0 ? "\n" : "";
  const colon = indent > 0 ? ": " : ":";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => inner + write(v ?? null, indent, inner, depth + 1));
    return "[" + nl + items.join("," + nl) + nl + pad + "]";
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError("canonicalJson: only plain objects and arrays are allowed");
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  if (keys.length === 0) return "{}";
  const members = keys.map((k) =>
    inner + JSON.stringify(k) + colon + write(obj[k], indent, inner, depth + 1)
  );
  return "{" + nl + members.join("," + nl) + nl + pad + "}";
}
