/**
 * @module
 * The run routes, mounted at `/backtests` and `/runs`: submit (idempotent), list with
 * filters/order/paging, get, cancel, delete.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { ValidationError } from "../../domain/errors.ts";
import { parseRunConfig } from "../../engine/run_config.ts";
import { normalizeBacktestBody } from "../../services/runs/run_request.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import { parseQuery, readJsonBody, runPrefix } from "../_http.ts";
import { runListQuery } from "../schemas.ts";
import { runDetailOf } from "../../services/views/runs.ts";
import { underPath } from "../error_details.ts";

const KEY_RE = /^[\x21-\x7e]{1,200}$/;

/** Run routes (paths relative to the mount point). */
export function backtestRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/", async (c) => {
    const body = await readJsonBody(c, deps.maxBodyBytes);
    // Strategy, parameters and risk are checked before any dataset is built for the run.
    underPath("body", () => {
      const n = normalizeBacktestBody(body);
      parseRunConfig({ ...n.request, dataset_id: "-" });
    });
    const key = idempotencyKey(c);
    if (key !== undefined) c.set("idempotencyKey", key);
    const res = await deps.service.submit(body, { idempotencyKey: key });
    c.set("runId", res.runId);
    c.header("Location", `${runPrefix(c)}/${res.runId}`);
    return c.json(
      { run_id: res.runId, run_hash: res.runId, status: res.status },
      res.status === "QUEUED" ? 202 : 200,
    );
  });

  app.get("/", (c) => {
    const q = parseQuery(c, runListQuery);
    // SQLite writes the items' JSON itself: no row objects on this hot path.
    const { itemsJson, total } = deps.runs.listRunSummariesJson({
      symbol: q.symbol,
      from: q.from,
      to: q.to,
      strategyId: q.strategy_id,
      status: q.status,
      datasetId: q.dataset_id,
      limit: q.limit,
      offset: q.offset,
      order: q.order,
    }, runPrefix(c));
    return c.body(
      `{"items":${itemsJson},"total":${total},"limit":${q.limit},"offset":${q.offset}}`,
      200,
      { "content-type": "application/json" },
    );
  });

  app.get("/:id", async (c) => {
    const run = deps.service.get(c.req.param("id"));
    return c.json(await runDetailOf(deps, run, runPrefix(c)));
  });

  app.post("/:id/cancel", async (c) => {
    const run = await deps.service.cancel(c.req.param("id"));
    return c.json(await runDetailOf(deps, run, runPrefix(c)));
  });

  app.delete("/:id", async (c) => {
    await deps.service.delete(c.req.param("id"));
    return c.body(null, 204);
  });

  return app;
}

/** The client's idempotency key (`Idempotency-Key`, alias `X-Idempotency-Key`), if any. */
export function idempotencyKey(c: Context<AppEnv>): string | undefined {
  const key = c.req.header("idempotency-key") ?? c.req.header("x-idempotency-key") ??
    c.get("idempotencyKey");
  if (key === undefined) return undefined;
  if (!KEY_RE.test(key)) {
    throw new ValidationError(
      "Idempotency-Key: expected 1 to 200 visible ASCII characters",
    );
  }
  return key;
}
