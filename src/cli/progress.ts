/**
 * @module
 * Progress display for long CLI jobs: a redrawn bar on a terminal, plain lines otherwise
 * (pipes, CI logs), never both. Writes to stderr so stdout stays machine-readable.
 */
import type { Progress } from "../domain/ports.ts";

const enc = new TextEncoder();

/** A progress sink for one job; call `done()` before printing anything else. */
export interface ProgressView {
  update(p: Progress): void;
  done(): void;
}

/**
 * Creates a progress view.
 * @param opts `tty` forces the bar (default: stderr is a terminal); `quiet` shows nothing
 */
export function progressView(opts: { tty?: boolean; quiet?: boolean } = {}): ProgressView {
  if (opts.quiet) return { update() {}, done() {} };
  const tty = opts.tty ?? Deno.stderr.isTerminal();
  let lastStage = "";
  let lastDecile = -1;
  let drawn = false;
  return {
    update(p) {
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      if (tty) {
        const width = 30;
        const full = Math.round(frac * width);
        const bar = "█".repeat(full) + "░".repeat(width - full);
        const pct = p.total > 0 ? `${(frac * 100).toFixed(0).padStart(3)}%` : "    ";
        const line = `\r${bar} ${pct} ${p.stage.padEnd(9)} ${describe(p)}`.slice(0, 100);
        Deno.stderr.writeSync(enc.encode(line.padEnd(100)));
        drawn = true;
        return;
      }
      const decile = Math.floor(frac * 10);
      if (p.stage !== lastStage || decile > lastDecile) {
        if (p.stage !== lastStage) lastDecile = -1;
        lastStage = p.stage;
        lastDecile = decile;
        const pct = p.total > 0 ? ` ${(frac * 100).toFixed(0)}%` : "";
        Deno.stderr.writeSync(enc.encode(`progress: ${p.stage}${pct} ${describe(p)}\n`));
      }
    },
    done() {
      if (drawn) Deno.stderr.writeSync(enc.encode("\r" + " ".repeat(100) + "\r"));
      drawn = false;
    },
  };
}

function describe(p: Progress): string {
  const amount = p.total > 1_000_000 || p.done > 1_000_000
    ? `${formatBytes(p.done)}${p.total > 0 ? "/" + formatBytes(p.total) : ""}`
    : p.total > 0
    ? `${p.done}/${p.total}`
    : "";
  return [amount, p.message ?? ""].filter(Boolean).join(" ");
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
