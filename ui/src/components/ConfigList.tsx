/**
 * @module
 * A run's configuration as compact key/value rows (nested objects flattened to dotted keys).
 */

/** Props of {@link ConfigList}. */
export interface ConfigListProps {
  config: Record<string, unknown>;
}

/**
 * Nested values as `[dotted.key, text]` pairs, in document order.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(flatten({ a: { b: 1, c: [1, 2] }, d: "x" }), [["a.b", "1"], ["a.c", "[1,2]"], ["d", "x"]]);
 * ```
 */
export function flatten(v: unknown, prefix = ""): [string, string][] {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return prefix ? [[prefix, "{} (defaults)"]] : [];
    return entries.flatMap(([k, x]) => flatten(x, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, typeof v === "string" ? v : JSON.stringify(v)]];
}

/** The rows. */
export function ConfigList({ config }: ConfigListProps) {
  return (
    <dl class="kv config" aria-label="Configuration">
      {flatten(config).map(([k, v]) => (
        <div key={k} class="kv-row">
          <dt>{k}</dt>
          <dd class="mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
