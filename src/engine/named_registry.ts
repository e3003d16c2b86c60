/**
 * @module
 * The one shape of Hewston's registries (indicators, strategies): definitions looked up by a
 * snake_case key, refused when the key is malformed or taken, listed in key order with the
 * JSON Schema of their parameters. Each registry is one {@link namedRegistry} call.
 */
import { z } from "zod";
import { HewstonError, NotFoundError } from "../domain/errors.ts";

/** Definitions keyed by a snake_case name. */
export interface NamedRegistry<D> {
  /**
   * Adds a definition.
   * @throws {HewstonError} `<KIND>_INVALID` for a key that is not snake_case or is taken
   */
  register(def: D): void;
  /**
   * The definition of `key`.
   * @throws {NotFoundError} `<KIND>_NOT_FOUND`, listing the known keys
   */
  get(key: string): D;
  /** Every definition, in key order. */
  sorted(): D[];
}

const KEY = /^[a-z][a-z0-9_]*$/;

/**
 * A registry of `kind` definitions (`"indicator"`, `"strategy"`), keyed by `keyOf`.
 *
 * @param kind the definitions' noun, used in messages and error codes
 * @param keyLabel what the key is called in messages (`"name"`, `"id"`)
 * @param keyOf the key of a definition
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const r = namedRegistry<{ id: string }>("widget", "id", (d) => d.id);
 * r.register({ id: "b" });
 * r.register({ id: "a" });
 * assert.deepEqual(r.sorted().map((d) => d.id), ["a", "b"]);
 * assert.throws(() => r.get("c"), /unknown widget "c" \(known: a, b\)/);
 * assert.throws(() => r.register({ id: "A" }), /widget id "A" is not snake_case/);
 * ```
 */
export function namedRegistry<D>(
  kind: string,
  keyLabel: string,
  keyOf: (def: D) => string,
): NamedRegistry<D> {
  const defs = new Map<string, D>();
  const code = kind.toUpperCase();
  return {
    register(def) {
      const key = keyOf(def);
      if (!KEY.test(key)) {
        throw new HewstonError(
          `${code}_INVALID`,
          `${kind} ${keyLabel} "${key}" is not snake_case`,
          {
            status: 500,
          },
        );
      }
      if (defs.has(key)) {
        throw new HewstonError(`${code}_INVALID`, `${kind} "${key}" is already registered`, {
          status: 500,
        });
      }
      defs.set(key, def);
    },
    get(key) {
      const def = defs.get(key);
      if (def === undefined) {
        throw new NotFoundError(
          `${code}_NOT_FOUND`,
          `unknown ${kind} "${key}" (known: ${[...defs.keys()].sort().join(", ")})`,
        );
      }
      return def;
    },
    sorted() {
      return [...defs.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, def]) => def);
    },
  };
}

/** JSON Schema (draft 2020-12) of a parameter schema's input: defaulted fields are optional. */
export function paramsJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
}
