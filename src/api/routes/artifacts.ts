/**
 * @module
 * A run's artifacts: `GET /backtests/{id}/artifacts` (manifest.json with URLs) and
 * `GET /backtests/{id}/artifacts/{name}` (also `/artifact/{name}`, the second seed's path).
 * Only files the manifest lists are served, so no name can reach outside the run's folder;
 * `?format=json` turns a Parquet file into pages of JSON rows.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { HewstonError, NotFoundError } from "../../domain/errors.ts";
import { safeJoin } from "../../store/data_dir.ts";
import { refuseSymlinks } from "../../store/no_symlinks.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import { parseQuery, runPrefix } from "../_http.ts";
import { parquetPage } from "../parquet_page.ts";
import { artifactQuery } from "../schemas.ts";
import type { RunManifest } from "../../domain/manifests.ts";
import { manifestView, readRunManifest } from "../../services/views/runs.ts";

const CONTENT_TYPES: Record<string, string> = {
  parquet: "application/vnd.apache.parquet",
  json: "application/json",
};

/** Artifact routes (paths relative to the run mount point). */
export function artifactRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/:id/artifacts", async (c) => {
    const m = await manifestOr404(deps, c.req.param("id"));
    return c.json(manifestView(m, runPrefix(c)));
  });

  const file = async (c: Context<AppEnv>) => {
    const id = c.req.param("id")!;
    const name = checkName(c.req.param("name")!);
    const q = parseQuery(c, artifactQuery);
    const m = await manifestOr404(deps, id);
    const entry = name === "manifest.json" ? null : m.files.find((f) => f.name === name);
    if (name !== "manifest.json" && !entry) {
      throw new NotFoundError(
        "ARTIFACT_NOT_FOUND",
        `run ${id} has no artifact ${name} (it has ${
          ["manifest.json", ...m.files.map((f) => f.name)].join(", ")
        })`,
      );
    }
    const path = safeJoin(deps.dir.backtests, id, name);
    // A link planted in the run folder (or as it) must not serve a file from elsewhere.
    await refuseSymlinks(deps.dir.root, path);
    const ext = name.slice(name.lastIndexOf(".") + 1);
    if (q.format === "json") {
      if (ext === "parquet") {
        const page = await parquetPage(await Deno.readFile(path), q.offset, q.limit);
        return c.json({ name, ...page });
      }
      if (ext !== "json") {
        throw new HewstonError("UNSUPPORTED_FORMAT", `format=json needs a .parquet artifact`, {
          status: 400,
        });
      }
    }
    const etag = entry ? `"${entry.sha256}"` : undefined;
    if (etag && c.req.header("if-none-match") === etag) return c.body(null, 304);
    const f = await Deno.open(path, { read: true });
    c.header("Content-Type", CONTENT_TYPES[ext] ?? "application/octet-stream");
    c.header("Content-Length", String((await f.stat()).size));
    if (etag) c.header("ETag", etag);
    if (ext === "parquet") c.header("Content-Disposition", `attachment; filename="${name}"`);
    return c.body(f.readable, 200);
  };
  app.get("/:id/artifacts/:name", file);
  app.get("/:id/artifact/:name", file);

  return app;
}

async function manifestOr404(deps: AppDeps, id: string): Promise<RunManifest> {
  const m = await readRunManifest(deps.dir, deps.service.get(id));
  if (!m) {
    throw new NotFoundError("ARTIFACTS_NOT_FOUND", `run ${id} has no artifacts folder any more`);
  }
  return m;
}

/**
 * Refuses names that are not a plain file name; the manifest check decides the rest.
 * @throws {HewstonError} INVALID_ARTIFACT_NAME (400)
 */
function checkName(name: string): string {
  if (name === "" || /[/\\\0]/.test(name) || name.startsWith(".") || name.includes("..")) {
    throw new HewstonError(
      "INVALID_ARTIFACT_NAME",
      `invalid artifact name ${JSON.stringify(name)}: use a file name from the manifest`,
      { status: 400 },
    );
  }
  return name;
}
