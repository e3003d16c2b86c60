import assert from "node:assert/strict";
import { presetIdOf } from "../../store/presets_sqlite.ts";
import { preset, presetList } from "../schemas.ts";
import { routeTestApp } from "../testing/route_test_app.ts";

/** Seed 004's README preset payload, byte for byte. */
const SEED_PRESET = `{
  "name": "dual_sma_default",
  "config": {
    "symbol": "TEST",
    "timeframe": "1m",
    "start": "2024-01-01",
    "end": "2024-01-02",
    "indicators": [{"name": "dual_sma", "params": {"fast": 5, "slow": 20}}],
    "strategy": {"name": "dual_sma", "params": {}},
    "risk": {"model": "fixed_fraction", "params": {"fraction": 0.1}},
    "execution": {"slippage_bps": 5, "fee_bps": 0},
    "validation": {},
    "seed": 42
  }
}`;

Deno.test("preset routes create idempotently, get, list and delete", async (t) => {
  const app = await routeTestApp();
  const post = (body: string) =>
    app.call("/presets", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
  const seed = JSON.parse(SEED_PRESET);
  const id = presetIdOf(seed.name, seed.config);
  try {
    await t.step("GET /presets is empty at first", async () => {
      assert.deepEqual(await (await app.call("/presets")).json(), { items: [], total: 0 });
    });

    let createdAt = "";
    await t.step("POST /presets stores seed 004's preset (201), then finds it (200)", async () => {
      const res = await post(SEED_PRESET);
      assert.equal(res.status, 201);
      assert.equal(res.headers.get("location"), `/presets/${id}`);
      const p = preset.parse(await res.json());
      createdAt = p.created_at;
      assert.deepEqual(p, {
        preset_id: id,
        name: "dual_sma_default",
        config: seed.config,
        created_at: createdAt,
        url: `/presets/${id}`,
      });
      const again = await post(JSON.stringify({ config: seed.config, name: seed.name }));
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), p);
    });

    await t.step("POST /presets answers 409 for a taken name with another config", async () => {
      const res = await post(JSON.stringify({
        name: "dual_sma_default",
        config: { ...seed.config, seed: 7 },
      }));
      assert.equal(res.status, 409);
      const e = (await res.json()).error;
      assert.equal(e.code, "PRESET_NAME_TAKEN");
      assert.equal(
        e.message,
        `preset name "dual_sma_default" is taken by preset ${id} with another config; choose another name or delete that preset`,
      );
    });

    await t.step("POST /presets checks the config like a run request", async () => {
      const cases: [unknown, number, string, string | RegExp][] = [
        [
          { name: "x", config: { ...seed.config, bogus: 1 } },
          422,
          "VALIDATION_ERROR",
          "body.config: unknown field bogus",
        ],
        [
          { name: "x", config: seed.config, extra: 1 },
          422,
          "VALIDATION_ERROR",
          "body: unknown field extra",
        ],
        [
          { config: seed.config },
          422,
          "VALIDATION_ERROR",
          "body.name: Invalid input: expected string, received undefined",
        ],
        [
          { name: "a/b", config: seed.config },
          422,
          "VALIDATION_ERROR",
          "body.name: must not contain / or \\",
        ],
        [
          { name: "x", config: { ...seed.config, strategy: { name: "magic" } } },
          404,
          "STRATEGY_NOT_FOUND",
          /^unknown strategy "magic"/,
        ],
        [
          {
            name: "x",
            config: {
              ...seed.config,
              strategy: { name: "dual_sma", params: { fast: 30, slow: 20 } },
            },
          },
          422,
          "VALIDATION_ERROR",
          /^body\.config: dual_sma params: /,
        ],
        [
          { name: "x", config: { ...seed.config, risk: { model: "yolo" } } },
          422,
          "VALIDATION_ERROR",
          /^body\.config: risk: model "yolo" is not one of /,
        ],
        [
          { name: "x", config: { strategy_id: "dual_sma" } },
          422,
          "VALIDATION_ERROR",
          "body.config: dataset_id, or symbol with from and to (or start and end), is required",
        ],
        // What POST /backtests refuses is refused here too (found by fuzzing).
        [
          {
            name: "x",
            config: {
              symbol: "DEMO",
              from: "2024-02-01",
              to: "2024-02-30",
              strategy_id: "dual_sma",
            },
          },
          422,
          "VALIDATION_ERROR",
          'body.config: invalid --to date "2024-02-30": expected YYYY-MM-DD',
        ],
        [
          {
            name: "x",
            config: {
              symbol: "DEMO\u0000",
              from: "2024-01-02",
              to: "2024-01-05",
              strategy_id: "dual_sma",
            },
          },
          422,
          "VALIDATION_ERROR",
          "body.config: invalid symbol \"DEMO\u0000\": use letters, digits, '.', '_' or '-'",
        ],
        [
          { name: "x", config: { dataset_id: "a/../b\u0000", strategy_id: "dual_sma" } },
          422,
          "VALIDATION_ERROR",
          'body.config: invalid dataset_id "a/../b\\u0000"',
        ],
      ];
      for (const [json, status, code, message] of cases) {
        const res = await app.call("/presets", { method: "POST", json });
        assert.equal(res.status, status, JSON.stringify(json));
        const e = (await res.json()).error;
        assert.equal(e.code, code);
        if (typeof message === "string") assert.equal(e.message, message);
        else assert.match(e.message, message);
      }
      assert.equal((await post("{")).status, 400);
      assert.equal(
        (await app.call("/presets", { method: "POST", body: SEED_PRESET })).status,
        415,
      );
      assert.equal((await (await app.call("/presets")).json()).total, 1);
    });

    await t.step("GET /presets/{id_or_name} finds a preset by id or name", async () => {
      const byId = await (await app.call(`/presets/${id}`)).json();
      const byName = await (await app.call("/presets/dual_sma_default")).json();
      assert.deepEqual(byId, byName);
      assert.equal(byId.created_at, createdAt);
      const list = presetList.parse(await (await app.call("/presets")).json());
      assert.deepEqual(list, { items: [byId], total: 1 });
      const missing = await app.call("/presets/nope");
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), {
        error: { code: "PRESET_NOT_FOUND", message: "preset nope not found" },
      });
    });

    await t.step("a preset's config runs as a POST /backtests body", async () => {
      const p = await (await app.call(`/presets/${id}`)).json();
      const res = await app.call("/runs", { method: "POST", json: p.config });
      assert.equal(res.status, 202);
      const run = await app.finished((await res.json()).run_id);
      assert.equal(run.status, "DONE", run.error ?? "");
      assert.equal(run.strategyId, "dual_sma");
    });

    await t.step("DELETE /presets/{id_or_name} removes it (204), then answers 404", async () => {
      const res = await app.call("/presets/dual_sma_default", { method: "DELETE" });
      assert.equal(res.status, 204);
      assert.equal((await app.call(`/presets/${id}`)).status, 404);
      const again = await app.call(`/presets/${id}`, { method: "DELETE" });
      assert.equal(again.status, 404);
      assert.equal((await again.json()).error.code, "PRESET_NOT_FOUND");
      assert.equal((await post(SEED_PRESET)).status, 201);
    });
  } finally {
    await app.close();
  }
});
