/**
 * @module
 * Reads the numeric and time cells of one CSV row for the bar import, so that every error
 * names the file, the line and the column.
 */

import { ValidationError } from "../../domain/errors.ts";
import { parseBarTime, TimestampError } from "./_csv_time.ts";

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** Reads the cells of the current row, naming line and column in every error. */
export class CellReader {
  private fields: readonly string[] = [];
  private line = 0;

  /**
   * @param header normalized column names
   * @param file label for error messages
   * @param decimalComma read `187,25` as 187.25 (semicolon-separated files)
   */
  constructor(
    private header: readonly string[],
    private file: string,
    private decimalComma: boolean,
  ) {}

  /** Moves to the next row; checks its width. */
  start(fields: readonly string[], line: number): void {
    this.fields = fields;
    this.line = line;
    if (fields.length !== this.header.length) {
      throw new ValidationError(
        `${this.file}:${line}: expected ${this.header.length} fields, found ${fields.length}`,
        { file: this.file, line },
      );
    }
  }

  /** The bar time in column `index`, UTC ms. */
  time(index: number): number {
    try {
      return parseBarTime(this.fields[index]);
    } catch (err) {
      if (err instanceof TimestampError) throw this.fail(index, err.message);
      throw err;
    }
  }

  /** A finite number that must be present. */
  required(index: number): number {
    const value = this.number(index);
    if (Number.isNaN(value)) throw this.fail(index, "empty value");
    return value;
  }

  /** A number, or `fallback` when the column is absent (index < 0) or the cell empty. */
  optional(
    index: number,
    fallback: number,
    rule: "finite" | "nonNegative" | "count" | "quote",
  ): number {
    if (index < 0) return fallback;
    const raw = this.fields[index];
    if (raw === "") return fallback;
    if (rule === "quote" && /^nan$/i.test(raw)) return NaN;
    const value = this.number(index);
    if (rule === "nonNegative" && value < 0) throw this.fail(index, `${raw} is negative`);
    if (rule === "count" && (!Number.isInteger(value) || value < 0 || value > 0xffffffff)) {
      throw this.fail(index, `${raw} is not a whole count`);
    }
    return value;
  }

  /** NaN for an empty cell; throws for anything else that is not a finite decimal. */
  private number(index: number): number {
    let raw = this.fields[index];
    if (raw === "") return NaN;
    if (this.decimalComma && DECIMAL_COMMA.test(raw)) raw = raw.replace(",", ".");
    const value = DECIMAL.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(value)) throw this.fail(index, `"${this.fields[index]}" is not a number`);
    return value;
  }

  private fail(index: number, message: string): ValidationError {
    const column = this.header[index];
    return new ValidationError(`${this.file}:${this.line}: column ${column}: ${message}`, {
      file: this.file,
      line: this.line,
      column,
    });
  }
}
