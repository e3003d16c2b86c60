/**
 * @module
 * The browser UI: `GET /` and every `GET /ui/…` page answer `index.html` (the app routes on
 * the client, so a deep link survives a reload), `GET /assets/{name}` the hashed bundle files.
 * Bodies are sent brotli- or gzip-compressed when the client accepts it, with ETags; assets are
 * cached for a year (their names change with their content), the page is revalidated.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { HewstonError, NotFoundError } from "../../domain/errors.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import { pickEncoding, UiAssets, type UiFile } from "../ui_assets.ts";

/** UI routes at the root of the app. */
export function uiRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const assets = deps.ui ?? new UiAssets();

  const page = async (c: Context<AppEnv>) => {
    const file = await assets.index();
    if (!file) {
      throw new HewstonError(
        "UI_NOT_BUILT",
        "the browser UI is not built: run `scripts/deno task ui:build` (./hewston serve does it)",
        { status: 503 },
      );
    }
    return send(c, file);
  };
  app.get("/", page);
  app.get("/ui/:page", page);
  app.get("/ui/:page/:id", page);
  app.get("/assets/:name", async (c) => {
    const file = await assets.asset(c.req.param("name"));
    if (!file) throw new NotFoundError("NOT_FOUND", `no UI asset ${c.req.param("name")}`);
    return send(c, file);
  });
  return app;
}

function send(c: Context<AppEnv>, file: UiFile): Response {
  const headers: Record<string, string> = {
    "Content-Type": file.contentType,
    "Cache-Control": file.cacheControl,
    ETag: file.etag,
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  };
  const inm = c.req.header("If-None-Match");
  if (inm && inm.split(",").some((t) => t.trim() === file.etag)) {
    return c.body(null, 304, headers);
  }
  const { body, encoding } = pickEncoding(file, c.req.header("Accept-Encoding"));
  if (encoding) headers["Content-Encoding"] = encoding;
  return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
}
