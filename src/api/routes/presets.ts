/**
 * @module
 * Presets: named run configurations. `POST /presets` is idempotent by content hash (the
 * same `{name, config}` gives the same preset, 200; a taken name with another config is
 * 409); a preset's config is checked like a POST /backtests body, so it is always runnable.
 */
import { Hono } from "hono";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import { parseRunConfig } from "../../engine/run_config.ts";
import { validateRange } from "../../market/dataset_id.ts";
import { normalizeBacktestBody } from "../../services/runs/run_request.ts";
import type { PresetRecord, SqlitePresets } from "../../store/presets_sqlite.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import { parseWith, readJsonBody } from "../_http.ts";
import { presetRequest } from "../schemas.ts";
import { underPath } from "../error_details.ts";

/** Characters a dataset id (or a seed's `AAPL-2023-1m` alias) can hold. */
const DATASET_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Preset routes, mounted at `/presets`. */
export function presetRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const presets = deps.presets;

  app.get("/", (c) => {
    const items = presets.list().map(presetView);
    return c.json({ items, total: items.length });
  });

  app.post("/", async (c) => {
    const body = await readJsonBody(c, deps.maxBodyBytes);
    parseWith(presetRequest, body, "body");
    const { name, config } = body as { name: string; config: Record<string, unknown> };
    checkRunnable(config);
    const { preset, created } = presets.create(name, config);
    c.header("Location", `/presets/${preset.presetId}`);
    return c.json(presetView(preset), created ? 201 : 200);
  });

  app.get("/:id_or_name", (c) => c.json(presetView(getOr404(presets, c.req.param("id_or_name")))));

  app.delete("/:id_or_name", (c) => {
    const key = c.req.param("id_or_name");
    if (!presets.delete(key)) getOr404(presets, key);
    return c.body(null, 204);
  });

  return app;
}

function presetView(p: PresetRecord) {
  return {
    preset_id: p.presetId,
    name: p.name,
    config: p.config,
    created_at: p.createdAt,
    url: `/presets/${p.presetId}`,
  };
}

function getOr404(presets: SqlitePresets, key: string): PresetRecord {
  const p = presets.get(key);
  if (!p) throw new NotFoundError("PRESET_NOT_FOUND", `preset ${key} not found`);
  return p;
}

/**
 * Checks a config the way POST /backtests would, short of resolving its dataset: the same
 * body schema, the same run config, and the same symbol and date (or dataset id) rules, so
 * a stored preset always posts back.
 * @throws {ValidationError} `body.config: ...`; {@link NotFoundError} STRATEGY_NOT_FOUND
 */
function checkRunnable(config: Record<string, unknown>): void {
  underPath("body.config", () => {
    const n = normalizeBacktestBody(config);
    if ("symbol" in n.dataset) validateRange(n.dataset.symbol, n.dataset.from, n.dataset.to);
    else if (!DATASET_ID.test(n.dataset.datasetId)) {
      throw new ValidationError(
        `invalid dataset_id ${JSON.stringify(n.dataset.datasetId.slice(0, 100))}`,
      );
    }
    parseRunConfig({ ...n.request, dataset_id: "-" });
  }, (m) => `body.config: ${m}`);
}
