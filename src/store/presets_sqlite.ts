/**
 * @module
 * The presets table of the SQLite catalog: named run configurations. A preset's id is the
 * hash of its canonical `{name, config}`, so creating the same preset twice (even from two
 * requests at once) yields one row, while reusing a name for another config is a conflict.
 */
import type { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";
import { statementCache } from "./_statements.ts";
import { canonicalJson } from "../domain/canonical_json.ts";
import { HewstonError } from "../domain/errors.ts";
import { sha256Hex } from "../domain/hash.ts";

/** One stored preset. */
export interface PresetRecord {
  presetId: string;
  name: string;
  config: Record<string, unknown>;
  createdAt: string;
}

/** Presets in the catalog database. */
export class SqlitePresets {
  readonly #db: DatabaseSync;
  readonly #prepare: (sql: string) => StatementSync;

  /** @param db the catalog's open (migrated) connection */
  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#prepare = statementCache(this.#db);
  }

  /**
   * Stores a preset, or finds the identical one.
   * @returns the preset and whether this call created it
   * @throws {HewstonError} PRESET_NAME_TAKEN (409) when `name` holds another config
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SqliteCatalog } from "./catalog_sqlite.ts";
   * const presets = new SqlitePresets(new SqliteCatalog(":memory:").db);
   * const a = presets.create("p", { seed: 1 }, "2024-01-01T00:00:00.000Z");
   * const b = presets.create("p", { seed: 1 });
   * assert.equal(a.created, true);
   * assert.equal(b.created, false);
   * assert.equal(b.preset.presetId, a.preset.presetId);
   * ```
   */
  create(
    name: string,
    config: Record<string, unknown>,
    createdAt = new Date().toISOString(),
  ): { preset: PresetRecord; created: boolean } {
    const presetId = presetIdOf(name, config);
    // The primary key and the unique name make concurrent creates collapse to one row.
    const res = this.#prepare(
      `INSERT INTO presets (preset_id, name, config_json, created_at) VALUES (?,?,?,?)
       ON CONFLICT DO NOTHING`,
    ).run(presetId, name, canonicalJson(config), createdAt);
    if (res.changes === 1) return { preset: { presetId, name, config, createdAt }, created: true };
    const same = this.#byId(presetId);
    if (same) return { preset: same, created: false };
    const other = this.#byName(name);
    throw new HewstonError(
      "PRESET_NAME_TAKEN",
      `preset name "${name}" is taken by preset ${
        other?.presetId ?? "?"
      } with another config; choose another name or delete that preset`,
      { status: 409, details: { preset_id: other?.presetId ?? null } },
    );
  }

  /** A preset by id, else by name, or null. */
  get(idOrName: string): PresetRecord | null {
    return this.#byId(idOrName) ?? this.#byName(idOrName);
  }

  /** Every preset, oldest first (then by name). */
  list(): PresetRecord[] {
    return this.#prepare("SELECT * FROM presets ORDER BY created_at, name").all()
      .map((r) => fromRow(r as Record<string, unknown>));
  }

  /**
   * Deletes a preset by id or name.
   * @returns false when there was no such preset
   */
  delete(idOrName: string): boolean {
    const p = this.get(idOrName);
    if (!p) return false;
    this.#prepare("DELETE FROM presets WHERE preset_id = ?").run(p.presetId);
    return true;
  }

  #byId(id: string): PresetRecord | null {
    const r = this.#prepare("SELECT * FROM presets WHERE preset_id = ?").get(id);
    return r ? fromRow(r as Record<string, unknown>) : null;
  }

  #byName(name: string): PresetRecord | null {
    const r = this.#prepare("SELECT * FROM presets WHERE name = ?").get(name);
    return r ? fromRow(r as Record<string, unknown>) : null;
  }
}

/** The id of a preset: the first 16 hex digits of sha256 of canonical `{config, name}`. */
export function presetIdOf(name: string, config: Record<string, unknown>): string {
  return sha256Hex(canonicalJson({ name, config })).slice(0, 16);
}

function fromRow(r: Record<string, unknown>): PresetRecord {
  return {
    presetId: String(r.preset_id),
    name: String(r.name),
    config: JSON.parse(String(r.config_json)),
    createdAt: String(r.created_at),
  };
}
