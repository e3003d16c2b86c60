/**
 * @module
 * A small YAML emitter for JSON data (the OpenAPI document in `docs/api/openapi.yaml`).
 * Block style throughout; every string is written double-quoted in JSON syntax, which YAML
 * 1.2 reads unchanged, so the output means exactly what the JSON value means.
 */

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

/**
 * Writes a JSON-compatible value as block YAML, ending with a newline.
 * @throws {TypeError} for non-finite numbers and values JSON cannot hold
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(toYaml({ a: [1, { b: "x" }], "200": {} }), '"200": {}\na:\n  - 1\n  - b: "x"\n');
 * ```
 */
export function toYaml(value: unknown): string {
  if (isContainer(value) && !isEmpty(value)) return block(value, 0).join("\n") + "\n";
  return inline(value) + "\n";
}

function block(value: object, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isContainer(item) && !isEmpty(item)) {
        const inner = block(item, indent + 2);
        inner[0] = `${pad}- ${inner[0].slice(indent + 2)}`;
        lines.push(...inner);
      } else lines.push(`${pad}- ${inline(item)}`);
    }
    return lines;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (isContainer(v) && !isEmpty(v)) {
      lines.push(`${pad}${key(k)}:`, ...block(v, indent + 2));
    } else lines.push(`${pad}${key(k)}: ${inline(v)}`);
  }
  return lines;
}

function inline(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "[]";
  switch (typeof v) {
    case "boolean":
      return String(v);
    case "number":
      if (!Number.isFinite(v)) throw new TypeError(`toYaml: non-finite number ${v}`);
      return String(v);
    case "string":
      return JSON.stringify(v);
    case "object":
      return "{}";
  }
  throw new TypeError(`toYaml: cannot write a ${typeof v}`);
}

function key(k: string): string {
  return PLAIN_KEY.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
}

function isContainer(v: unknown): v is object {
  return typeof v === "object" && v !== null;
}

function isEmpty(v: object): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.values(v).every((x) => x === undefined);
}
