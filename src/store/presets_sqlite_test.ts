import assert from "node:assert/strict";
import { canonicalJson } from "../domain/canonical_json.ts";
import { HewstonError } from "../domain/errors.ts";
import { sha256Hex } from "../domain/hash.ts";
import { SqliteCatalog } from "./catalog_sqlite.ts";
import { presetIdOf, SqlitePresets } from "./presets_sqlite.ts";

const T0 = "2024-05-01T00:00:00.000Z";
const T1 = "2024-05-02T00:00:00.000Z";

function setup() {
  return new SqlitePresets(new SqliteCatalog(":memory:").db);
}

Deno.test("presetIdOf() hashes the canonical name and config", () => {
  const id = presetIdOf("p", { seed: 42, strategy_id: "sma_crossover" });
  assert.equal(
    id,
    sha256Hex('{"config":{"seed":42,"strategy_id":"sma_crossover"},"name":"p"}').slice(0, 16),
  );
  assert.equal(id, presetIdOf("p", { strategy_id: "sma_crossover", seed: 42 }));
  assert.notEqual(id, presetIdOf("q", { seed: 42, strategy_id: "sma_crossover" }));
});

Deno.test("SqlitePresets.create() stores once and returns the same row on identical input", () => {
  const presets = setup();
  const config = { strategy_id: "dual_sma", seed: 7 };
  const a = presets.create("fast", config, T0);
  assert.deepEqual(a, {
    created: true,
    preset: { presetId: presetIdOf("fast", config), name: "fast", config, createdAt: T0 },
  });
  const b = presets.create("fast", { seed: 7, strategy_id: "dual_sma" }, T1);
  assert.equal(b.created, false);
  assert.deepEqual(b.preset, a.preset);
  assert.equal(presets.list().length, 1);
});

Deno.test("SqlitePresets.create() refuses a taken name with another config (409)", () => {
  const presets = setup();
  const first = presets.create("fast", { seed: 1 }, T0);
  assert.throws(() => presets.create("fast", { seed: 2 }, T1), (err) => {
    assert.ok(err instanceof HewstonError);
    assert.equal(err.code, "PRESET_NAME_TAKEN");
    assert.equal(err.status, 409);
    assert.deepEqual(err.details, { preset_id: first.preset.presetId });
    assert.match(err.message, /^preset name "fast" is taken by preset [0-9a-f]{16} /);
    return true;
  });
});

Deno.test("SqlitePresets.get() finds by id or by name; delete() removes by either", () => {
  const presets = setup();
  const a = presets.create("a", { seed: 1 }, T1).preset;
  const b = presets.create("b", { seed: 2 }, T0).preset;
  assert.deepEqual(presets.get(a.presetId), a);
  assert.deepEqual(presets.get("b"), b);
  assert.equal(presets.get("nope"), null);
  assert.deepEqual(presets.list().map((p) => p.name), ["b", "a"]);
  assert.equal(presets.delete("a"), true);
  assert.equal(presets.delete(b.presetId), true);
  assert.equal(presets.delete("a"), false);
  assert.deepEqual(presets.list(), []);
});

Deno.test("SqlitePresets keeps the config as canonical JSON", () => {
  const cat = new SqliteCatalog(":memory:");
  new SqlitePresets(cat.db).create("x", { b: [1, 2], a: { d: 1, c: 2 } }, T0);
  const row = cat.db.prepare("SELECT config_json FROM presets").get() as { config_json: string };
  assert.equal(row.config_json, canonicalJson({ a: { c: 2, d: 1 }, b: [1, 2] }));
  assert.equal(row.config_json, '{"a":{"c":2,"d":1},"b":[1,2]}');
});
