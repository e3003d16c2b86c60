/**
 * @module
 * Chart data and the run catalogue: `GET /candles` (a dataset's bars for a time range,
 * paged), `GET /features` (an indicator's shifted values on demand, paged the same way) and
 * `GET /strategies` (strategies, risk models and indicators with the JSON Schema of their
 * parameters, for forms).
 */
import { Hono } from "hono";
import { ValidationError } from "../../domain/errors.ts";
import { checkJsonTextDepth } from "../../domain/json_depth.ts";
import {
  computeIndicator,
  listIndicators,
  parseIndicatorParams,
} from "../../engine/indicators/mod.ts";
import { listRiskModels } from "../../engine/risk/mod.ts";
import { listStrategies } from "../../engine/strategies/mod.ts";
import { BAR_FIELDS } from "../../domain/bars.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import { parseQuery } from "../_http.ts";
import { candleQuery, featureQuery } from "../schemas.ts";
import { barRange, bound, datasetBars } from "./_dataset_bars.ts";

const FEATURE_KEYS = new Set(Object.keys(featureQuery.shape));

/** Market data routes, mounted at `/`. */
export function marketRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/candles", async (c) => {
    const q = parseQuery(c, candleQuery);
    const { dataset, bars } = await datasetBars(deps, q.dataset_id);
    const [lo, hi] = barRange(bars.ts, bound(q.from, false), bound(q.to, true));
    const start = Math.min(hi, lo + q.offset);
    const end = Math.min(hi, start + q.limit);
    const items = [];
    for (let i = start; i < end; i++) {
      const item: Record<string, string | number | null> = {
        ts: new Date(bars.ts[i]).toISOString(),
        time: bars.ts[i] / 1000,
      };
      for (const f of CANDLE_FIELDS) {
        const v = bars[f.key][i];
        item[f.column] = f.nullable ? finite(v) : v;
      }
      items.push(item);
    }
    return c.json({
      dataset_id: dataset.datasetId,
      symbol: dataset.symbol,
      items,
      total: hi - lo,
      offset: q.offset,
      limit: q.limit,
    });
  });

  app.get("/features", async (c) => {
    const q = parseQuery(c, featureQuery);
    const raw = indicatorParams(q);
    const params = parseIndicatorParams(q.name, raw);
    const { dataset, bars } = await datasetBars(deps, q.dataset_id);
    // The whole series is computed: a value depends on every bar before it.
    const series = computeIndicator(q.name, bars, raw);
    const [lo, hi] = barRange(bars.ts, bound(q.from, false), bound(q.to, true));
    const start = Math.min(hi, lo + q.offset);
    const end = Math.min(hi, start + q.limit);
    const items = [];
    for (let i = start; i < end; i++) {
      items.push({
        ts: new Date(bars.ts[i]).toISOString(),
        time: bars.ts[i] / 1000,
        value: finite(series[i]),
      });
    }
    return c.json({
      dataset_id: dataset.datasetId,
      name: q.name,
      params,
      items,
      total: hi - lo,
      offset: q.offset,
      limit: q.limit,
    });
  });

  app.get("/strategies", (c) =>
    c.json({
      items: listStrategies(),
      risk_models: listRiskModels(),
      indicators: listIndicators(),
    }));

  return app;
}

/** Indicator parameters from `params={json}` and from the other query parameters. */
function indicatorParams(q: Record<string, string | number | undefined>): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  if (q.params !== undefined) {
    let parsed: unknown;
    checkJsonTextDepth(String(q.params), "query.params");
    try {
      parsed = JSON.parse(String(q.params));
    } catch {
      throw new ValidationError('query.params: expected a JSON object, e.g. {"window":20}');
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new ValidationError('query.params: expected a JSON object, e.g. {"window":20}');
    }
    out = { ...parsed };
  }
  for (const [k, v] of Object.entries(q)) {
    if (FEATURE_KEYS.has(k) || v === undefined) continue;
    if (k in out) throw new ValidationError(`query.${k}: given both in params and on its own`);
    out[k] = scalar(String(v));
  }
  return out;
}

function scalar(v: string): number | boolean | string {
  if (v === "true" || v === "false") return v === "true";
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) ? n : v;
}

/** The bar columns of a candle after its `ts`/`time` pair, in `BAR_FIELDS` order. */
const CANDLE_FIELDS = BAR_FIELDS.filter((f) => f.key !== "ts");

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
