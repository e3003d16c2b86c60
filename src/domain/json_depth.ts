/**
 * @module
 * Nesting depth of JSON, checked without recursion. A request body of a few thousand `[` is
 * tiny but would overflow the stack of any recursive walker (zod, canonical JSON, hashing):
 * the API measures the text before parsing and refuses it with TOO_DEEP.
 */
import { HewstonError } from "./errors.ts";

/**
 * Deepest nesting any Hewston JSON document may have. Real documents (a backtest body, a
 * preset, a manifest) nest 4–6 levels; 64 leaves room for any sane client.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of JSON text: the most `[`/`{` open at once outside strings (0 for a
 * scalar). Linear, no recursion, no allocation; the text need not be valid JSON.
 * @param text JSON text
 * @returns the depth
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(jsonTextDepth('{"a":[1,{"b":"[[["}]}'), 3);
 * ```
 */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** The error for a document nested deeper than `max` levels (400 TOO_DEEP). */
export function tooDeep(where: string, max = MAX_JSON_DEPTH): HewstonError {
  return new HewstonError(
    "TOO_DEEP",
    `${where} nests deeper than ${max} levels of arrays and objects`,
    { status: 400, details: { max_depth: max } },
  );
}

/**
 * Throws TOO_DEEP when JSON text nests deeper than `max`.
 * @param text JSON text
 * @param where what the text is, for the message (`request body`, `query.params`)
 * @throws {HewstonError} TOO_DEEP (400)
 */
export function checkJsonTextDepth(text: string, where: string, max = MAX_JSON_DEPTH): void {
  if (jsonTextDepth(text) > max) throw tooDeep(where, max);
}
