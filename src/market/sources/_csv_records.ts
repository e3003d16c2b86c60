/**
 * @module
 * A small RFC 4180 tokenizer for the CSV bar import: comma or semicolon separated, quoted
 * fields with `""` escapes (which may span lines), LF or CRLF endings, a leading BOM, blank
 * lines skipped. Records go to a callback with a reused field array, so a large file costs
 * no per-row arrays.
 */

import { ValidationError } from "../../domain/errors.ts";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

/** Receives each non-blank record and the 1-based line it starts on; `fields` is reused. */
export type RecordSink = (fields: readonly string[], line: number) => void;

/**
 * Picks the separator from the first non-blank line: `;` when it has more semicolons than
 * commas outside quotes, else `,`.
 * @param text the whole file
 * @returns `","` or `";"`
 */
export function detectSeparator(text: string): "," | ";" {
  const start = text.search(/\S/);
  if (start < 0) return ",";
  let commas = 0, semicolons = 0, quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && c === ",") commas++;
    else if (!quoted && c === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * Splits `text` into records.
 * @param text the whole file
 * @param separator field separator, one character
 * @param file label for error messages
 * @param sink called once per non-blank record
 * @throws {ValidationError} `file:line: …` on an unterminated quote or text after a closing quote
 */
export function forEachRecord(
  text: string,
  separator: string,
  file: string,
  sink: RecordSink,
): void {
  const sep = separator.charCodeAt(0);
  const n = text.length;
  const fields: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    let quotedAny = false;
    fields.length = 0;
    for (;;) {
      while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
      if (text.charCodeAt(i) === QUOTE) {
        quotedAny = true;
        let value = "";
        let segment = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw fail(file, recordLine, "unterminated quoted field");
          line += countLf(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segment, q + 1);
            i = segment = q + 2;
            continue;
          }
          value += text.slice(segment, q);
          i = q + 1;
          break;
        }
        while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
        const c = text.charCodeAt(i);
        if (i < n && c !== sep && c !== LF && c !== CR) {
          throw fail(file, line, "unexpected text after a closing quote");
        }
        fields.push(value);
      } else {
        const start = i;
        for (; i < n; i++) {
          const c = text.charCodeAt(i);
          if (c === sep || c === LF || c === CR) break;
        }
        fields.push(text.slice(start, i).trimEnd());
      }
      if (i < n && text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
    if (fields.length === 1 && fields[0] === "" && !quotedAny) continue;
    sink(fields, recordLine);
  }
}

function countLf(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function fail(file: string, line: number, message: string): ValidationError {
  return new ValidationError(`${file}:${line}: ${message}`, { file, line });
}
