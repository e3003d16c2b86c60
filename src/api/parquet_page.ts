/**
 * @module
 * A page of a Parquet file as JSON rows, for clients that cannot read Parquet
 * (`GET /backtests/{id}/artifacts/{name}?format=json`). Timestamps become ISO strings,
 * 64-bit integers numbers, non-finite floats null.
 */
import * as arrow from "apache-arrow";
import { numericColumn, readParquetRows, timestampColumnToMs } from "../store/parquet.ts";

/** One page of rows with the column names and simple type names. */
export interface ParquetPage {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  total: number;
  offset: number;
  limit: number;
}

/**
 * Returns rows `[offset, offset + limit)` of Parquet bytes, decoding only those rows (the row
 * count comes from the file's footer).
 * @param bytes the file
 * @param offset first row (past the end gives no rows)
 * @param limit most rows to return
 */
export async function parquetPage(
  bytes: Uint8Array,
  offset: number,
  limit: number,
): Promise<ParquetPage> {
  const { table, total } = await readParquetRows(bytes, offset, limit);
  const n = table.numRows;
  const fields = table.schema.fields;
  const columns = fields.map((f) => ({ name: f.name, type: typeName(f.type) }));
  const values = fields.map((f) => columnValues(table, f, 0, n));
  const rows: unknown[][] = [];
  for (let i = 0; i < n; i++) rows.push(values.map((v) => v[i]));
  return { columns, rows, total, offset, limit };
}

function typeName(t: arrow.DataType): string {
  if (arrow.DataType.isTimestamp(t)) return "timestamp";
  if (arrow.DataType.isFloat(t)) return "float64";
  if (arrow.DataType.isInt(t)) return `${t.isSigned ? "int" : "uint"}${t.bitWidth}`;
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) return "string";
  if (arrow.DataType.isBool(t)) return "bool";
  return String(t);
}

function columnValues(table: arrow.Table, field: arrow.Field, start: number, end: number) {
  const t = field.type as arrow.DataType;
  if (arrow.DataType.isTimestamp(t)) {
    const ms = timestampColumnToMs(table, field.name).subarray(start, end);
    return Array.from(ms, (v) => new Date(v).toISOString());
  }
  if (arrow.DataType.isFloat(t) || arrow.DataType.isInt(t)) {
    const v = numericColumn(table, field.name).subarray(start, end);
    return Array.from(v, (x) => (Number.isFinite(x) ? x : null));
  }
  const col = table.getChild(field.name)!;
  return Array.from({ length: end - start }, (_, i) => col.get(start + i) ?? null);
}
