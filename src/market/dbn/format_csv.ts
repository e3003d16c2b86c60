/**
 * @module
 * CSV views of decoded DBN records, like Databento's `dbn --csv`: a header line, then one row
 * per record. Columns are the JSON view's fields flattened (`hd` fields inline, book levels
 * as `bid_px_00`, …), and values are exactly the JSON view's (same price style, the same
 * `_iso` twins), so `--csv` and JSON lines agree cell for cell.
 *
 * | value | CSV |
 * | --- | --- |
 * | `null` (UNDEF_PRICE) | empty cell |
 * | text with `,` `"` or a newline | quoted, `"` doubled (RFC 4180) |
 * | control records (symbol mappings, errors, system messages) | skipped: they have other columns |
 */
import type { DbnBatch } from "./types.ts";
import {
  batchLength,
  type JsonFormatOptions,
  type JsonObject,
  recordToJson,
} from "./format_json.ts";

/**
 * A JSON view of a record flattened into CSV columns.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(
 *   flattenRecord({ ts_recv: "1", hd: { rtype: 1 }, levels: [{ bid_px: "2.5" }] }),
 *   { ts_recv: "1", rtype: 1, bid_px_00: "2.5" },
 * );
 * ```
 */
export function flattenRecord(rec: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(rec)) {
    if (key === "hd") Object.assign(out, value as JsonObject);
    else if (key === "levels") {
      (value as JsonObject[]).forEach((level, i) => {
        for (const [k, v] of Object.entries(level)) out[`${k}_${String(i).padStart(2, "0")}`] = v;
      });
    } else out[key] = value;
  }
  return out;
}

/**
 * One CSV cell.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(csvCell('a,"b"'), '"a,""b"""');
 * assert.equal(csvCell(null), "");
 * ```
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * CSV lines of a stream of batches: the header, then one row per market-data record,
 * stopping after `limit` rows. Prints only the header's columns' records.
 * @param batches e.g. `reader.batches()`
 * @param opts price and timestamp style (as the JSON view), `limit`
 * @returns an async iterator of lines (no trailing newlines)
 */
export async function* csvLines(
  batches: AsyncIterable<DbnBatch> | Iterable<DbnBatch>,
  opts: JsonFormatOptions & { limit?: number } = {},
): AsyncGenerator<string> {
  let left = opts.limit ?? Infinity;
  let columns: string[] | null = null;
  if (left <= 0) return;
  for await (const batch of batches) {
    if (batch.control) continue;
    const n = batchLength(batch);
    for (let i = 0; i < n && left > 0; i++, left--) {
      const row = flattenRecord(recordToJson(batch, i, opts));
      if (!columns) {
        columns = Object.keys(row);
        yield columns.join(",");
      }
      yield columns.map((c) => csvCell(row[c])).join(",");
    }
    if (left <= 0) return;
  }
}
