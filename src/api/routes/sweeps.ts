/**
 * @module
 * The sweep routes, mounted at `/sweeps`: submit (idempotent like runs), list, get, cancel,
 * delete, the heatmap of any metric, the PBO, the members table, and a member's full run
 * created on demand. Events stream on the event routes mounted here too.
 */
import { Hono } from "hono";
import { NotFoundError } from "../../domain/errors.ts";
import { heatmapOf, membersTable, pboOf } from "../../services/sweeps/sweep_results.ts";
import {
  pboMeaning,
  sweepDetailOf,
  sweepSummaryOf,
  sweepUrl,
} from "../../services/views/sweeps.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import { parseQuery, readJsonBody } from "../_http.ts";
import { sweepHeatmapQuery, sweepListQuery, sweepMembersQuery } from "../schemas.ts";
import { idempotencyKey } from "./backtests.ts";

/** Sweep routes (paths relative to the mount point). */
export function sweepRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const sweeps = deps.sweeps;

  app.post("/", async (c) => {
    const body = await readJsonBody(c, deps.maxBodyBytes);
    const key = idempotencyKey(c);
    if (key !== undefined) c.set("idempotencyKey", key);
    const res = await sweeps.submit(body, { idempotencyKey: key });
    c.set("runId", res.sweepId);
    c.header("Location", sweepUrl(res.sweepId));
    return c.json(
      {
        sweep_id: res.sweepId,
        status: res.status,
        members: res.sweep.members,
        skipped: res.sweep.skipped,
      },
      res.status === "QUEUED" ? 202 : 200,
    );
  });

  app.post("/preview", async (c) => {
    const body = await readJsonBody(c, deps.maxBodyBytes);
    return c.json(sweeps.preview(body));
  });

  app.get("/", (c) => {
    const q = parseQuery(c, sweepListQuery);
    const page = sweeps.list({
      status: q.status,
      datasetId: q.dataset_id,
      limit: q.limit,
      offset: q.offset,
    });
    return c.json({
      items: page.items.map(sweepSummaryOf),
      total: page.total,
      limit: q.limit,
      offset: q.offset,
    });
  });

  app.get(
    "/:id",
    async (c) => c.json(await sweepDetailOf(deps.dir, sweeps.get(c.req.param("id")))),
  );

  app.post("/:id/cancel", async (c) => {
    const s = await sweeps.cancel(c.req.param("id"));
    return c.json(await sweepDetailOf(deps.dir, s));
  });

  app.delete("/:id", async (c) => {
    await sweeps.delete(c.req.param("id"));
    return c.body(null, 204);
  });

  app.get("/:id/heatmap", async (c) => {
    const q = parseQuery(c, sweepHeatmapQuery);
    const s = sweeps.get(c.req.param("id"));
    const h = await heatmapOf(deps.dir, s, q);
    return c.json({ sweep_id: s.sweepId, ...h });
  });

  app.get("/:id/pbo", async (c) => {
    const s = sweeps.get(c.req.param("id"));
    const pbo = await pboOf(deps.dir, s);
    return c.json({ sweep_id: s.sweepId, pbo, meaning: pboMeaning(s.pbo) });
  });

  app.get("/:id/members", async (c) => {
    const q = parseQuery(c, sweepMembersQuery);
    const s = sweeps.get(c.req.param("id"));
    const t = await membersTable(deps.dir, s);
    const end = Math.min(t.length, q.offset + q.limit);
    const items = [];
    for (let m = q.offset; m < end; m++) {
      const params: Record<string, number | boolean | string | null> = {};
      for (const p of t.params) params[p] = t.param[p][m];
      const metrics: Record<string, number | null> = {};
      for (const k of t.metrics) metrics[k] = t.metric[k][m];
      items.push({ member: m, params, metrics });
    }
    return c.json({
      sweep_id: s.sweepId,
      params: t.params,
      metrics: t.metrics,
      items,
      total: t.length,
      offset: q.offset,
      limit: q.limit,
    });
  });

  app.post("/:id/members/:k/run", async (c) => {
    const id = c.req.param("id");
    const text = c.req.param("k");
    const k = /^\d{1,9}$/.test(text) ? Number(text) : -1;
    if (k < 0) {
      throw new NotFoundError(
        "MEMBER_NOT_FOUND",
        `member "${text.slice(0, 20)}" is not a member index`,
      );
    }
    // Bodiless, but a POST: the guard's Content-Type check applies (CSRF).
    const res = await sweeps.memberRun(id, k);
    c.set("runId", res.runId);
    c.header("Location", `/backtests/${res.runId}`);
    return c.json(
      {
        sweep_id: id,
        member: k,
        params: res.params,
        run_id: res.runId,
        status: res.status,
        url: `/backtests/${res.runId}`,
      },
      res.status === "QUEUED" ? 202 : 200,
    );
  });

  return app;
}
