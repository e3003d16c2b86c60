/**
 * @module
 * Progress display for long CLI jobs: on a terminal, one line redrawn in place (`\r`, then
 * erase to the end of the line) that fits the terminal's width; otherwise (pipes, CI logs)
 * plain lines, one per stage and tenth of the work. Writes to stderr so stdout stays
 * machine-readable.
 */
import type { Progress } from "../domain/ports.ts";

const enc = new TextEncoder();
/** `\r` + erase to end of line: the cursor goes back and the old text goes away. */
const REDRAW = "\r\x1b[K";
/** Columns assumed when the terminal does not say. */
const FALLBACK_COLUMNS = 80;

/** A progress sink for one job; call `done()` before printing anything else. */
export interface ProgressView {
  update(p: Progress): void;
  done(): void;
}

/**
 * Creates a progress view.
 * @param opts `tty` forces the redrawn bar (default: stderr is a terminal); `columns` its
 * width (default: the terminal's, read at each update so a resize takes effect); `write`
 * where the text goes (default: stderr); `quiet` shows nothing
 */
export function progressView(
  opts: {
    tty?: boolean;
    quiet?: boolean;
    columns?: () => number;
    write?: (text: string) => void;
  } = {},
): ProgressView {
  if (opts.quiet) return { update() {}, done() {} };
  const tty = opts.tty ?? Deno.stderr.isTerminal();
  const columns = opts.columns ?? terminalColumns;
  const write = opts.write ?? ((text: string) => void Deno.stderr.writeSync(enc.encode(text)));
  let lastStage = "";
  let lastDecile = -1;
  let drawn = false;
  return {
    update(p) {
      if (tty) {
        write(REDRAW + progressBarLine(p, columns()));
        drawn = true;
        return;
      }
      const decile = Math.floor(fraction(p) * 10);
      if (p.stage !== lastStage || decile > lastDecile) {
        if (p.stage !== lastStage) lastDecile = -1;
        lastStage = p.stage;
        lastDecile = decile;
        write(progressPlainLine(p) + "\n");
      }
    },
    done() {
      if (drawn) write(REDRAW);
      drawn = false;
    },
  };
}

/**
 * The redrawn line for a terminal `columns` wide: bar, percentage, stage and detail, cut to
 * `columns - 1` characters (writing the last column makes some terminals wrap).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const line = progressBarLine({ stage: "derive", done: 1, total: 4 }, 50);
 * assert.equal(line, "███░░░░░░░  25% derive    1/4");
 * ```
 */
export function progressBarLine(p: Progress, columns: number): string {
  const room = Math.max(1, columns - 1);
  const frac = fraction(p);
  // The bar takes what the text leaves, between 10 and 30 cells.
  const width = Math.max(10, Math.min(30, room - 40));
  const full = Math.round(frac * width);
  const bar = "█".repeat(full) + "░".repeat(width - full);
  const pct = p.total > 0 ? `${(frac * 100).toFixed(0).padStart(3)}%` : "    ";
  const line = `${bar} ${pct} ${p.stage.padEnd(9)} ${describe(p)}`.trimEnd();
  return [...line].slice(0, room).join("");
}

/**
 * The line written for a stage or a tenth of the work when stderr is not a terminal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(
 *   progressPlainLine({ stage: "ingest", done: 3_000_000, total: 6_000_000 }),
 *   "progress: ingest 50% 2.9 MB/5.7 MB",
 * );
 * ```
 */
export function progressPlainLine(p: Progress): string {
  const pct = p.total > 0 ? ` ${(fraction(p) * 100).toFixed(0)}%` : "";
  return `progress: ${p.stage}${pct} ${describe(p)}`.trimEnd();
}

/** Formats a byte count for people: `1.5 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

function fraction(p: Progress): number {
  return p.total > 0 ? Math.min(1, p.done / p.total) : 0;
}

function describe(p: Progress): string {
  const amount = p.total > 1_000_000 || p.done > 1_000_000
    ? `${formatBytes(p.done)}${p.total > 0 ? "/" + formatBytes(p.total) : ""}`
    : p.total > 0
    ? `${p.done}/${p.total}`
    : "";
  return [amount, p.message ?? ""].filter(Boolean).join(" ");
}

function terminalColumns(): number {
  try {
    return Deno.consoleSize().columns || FALLBACK_COLUMNS;
  } catch {
    return FALLBACK_COLUMNS;
  }
}
