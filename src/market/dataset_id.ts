/**
 * @module
 * Dataset ids and spec validation. An id names the symbol, range and source kind, and ends
 * in a short hash of everything that determines the bars (source parameters, input file
 * hashes, session, calendar version), so equal inputs give equal ids and different inputs
 * never collide.
 */
import { ValidationError } from "../domain/errors.ts";
import { canonicalJson } from "../domain/canonical_json.ts";
import { sha256Hex } from "../domain/hash.ts";
import type { DatasetSpec } from "../domain/ports.ts";
import { isCalendarDate } from "../domain/dates.ts";

const SYMBOL_RE = /^[A-Z0-9][A-Z0-9._-]{0,29}$/;

/**
 * Checks a symbol and date range; returns the normalised (upper-case) symbol.
 * @throws {ValidationError} for a malformed symbol or date, or from > to
 */
export function validateRange(symbol: string, from: string, to: string): string {
  const sym = symbol.trim().toUpperCase();
  if (!SYMBOL_RE.test(sym)) {
    throw new ValidationError(`invalid symbol "${symbol}": use letters, digits, '.', '_' or '-'`);
  }
  for (const [name, d] of [["from", from], ["to", to]]) {
    if (!isCalendarDate(d)) {
      throw new ValidationError(`invalid --${name} date "${d}": expected YYYY-MM-DD`);
    }
  }
  if (from > to) throw new ValidationError(`empty date range: from ${from} is after to ${to}`);
  return sym;
}

/**
 * The dataset id for a spec and the hashes of its inputs.
 * @param spec the (validated) dataset spec
 * @param inputs sha256 of each input file, in a stable order
 * @param calendarVersion the calendar the bars follow
 */
export function datasetId(
  spec: DatasetSpec,
  inputs: readonly string[],
  calendarVersion: string,
): string {
  const { kind, ...params } = spec.source;
  // Local file paths say nothing about content; their hashes (in `inputs`) do.
  const stable = kind === "dbn" || kind === "csv" || kind === "parquet" ? {} : params;
  const key = canonicalJson({
    kind,
    params: stable,
    inputs,
    session: spec.extendedHours ? "extended" : "regular",
    calendarVersion,
    symbol: spec.symbol,
    from: spec.from,
    to: spec.to,
  });
  return `${spec.symbol}-${spec.from}-${spec.to}-${kind}-${sha256Hex(key).slice(0, 8)}`;
}
