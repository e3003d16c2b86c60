/**
 * @module
 * Prometheus text exposition (format 0.0.4): metric families with `# HELP` / `# TYPE`
 * lines, escaped label values, and `NaN` / `+Inf` spelled as Prometheus reads them.
 */

/** Content-Type of the exposition. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** One sample of a family: an optional name suffix (`_bucket`, `_sum`), labels, a value. */
export interface Sample {
  suffix?: string;
  labels?: Record<string, string>;
  value: number;
}

/** Metric types of the text format. */
export type MetricType = "counter" | "gauge" | "histogram" | "summary";

/** A number as the text format writes it. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

/** A label value escaped for the text format (backslash, double quote, newline). */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** One metric family as text: HELP, TYPE and one line per sample, each ending in `\n`. */
export function formatFamily(
  name: string,
  type: MetricType,
  help: string,
  samples: readonly Sample[],
): string {
  let out = `# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n`;
  out += `# TYPE ${name} ${type}\n`;
  for (const s of samples) {
    const labels = Object.entries(s.labels ?? {});
    const l = labels.length === 0
      ? ""
      : `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
    out += `${name}${s.suffix ?? ""}${l} ${formatValue(s.value)}\n`;
  }
  return out;
}

/**
 * Nearest-rank quantile `q` of `sorted` (ascending); NaN when empty.
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.5); // 2
 * ```
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
