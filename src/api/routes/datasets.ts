/**
 * @module
 * Datasets: `GET /datasets` (filters symbol, status), `GET /datasets/sources` (what this
 * server can build from), `GET /datasets/{id}` (the row plus its bars manifest),
 * `GET /datasets/{id}/bars` (candles of a range as columns, as wide as a chart needs),
 * `GET /datasets/{id}/bars.parquet` (the bars file, ETag = its sha256, for queue workers),
 * `POST /datasets` (starts a build; progress is recorded as events under the returned job
 * id) and `DELETE /datasets/{id}` (a dataset no run uses). Local DBN, CSV and Parquet files
 * named by the API must lie inside the data dir's raw/ folder, so a request can never make
 * the server read an arbitrary file.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { Hono } from "hono";
import type { z } from "zod";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import type { DatasetSource, DatasetSpec } from "../../domain/ports.ts";
import { isSyntheticSymbol, SYNTHETIC_SYMBOLS } from "../../domain/defaults.ts";
import { datasetManifest, parseManifest } from "../../domain/manifests.ts";
import { validateRange } from "../../market/dataset_id.ts";
import { checkDatasetQuota, DEFAULT_MAX_DATASET_BYTES } from "../../services/dataset_quota.ts";
import type { DataDir } from "../../store/data_dir.ts";
import {
  datasetFacts,
  openDatasetBarsFile,
  readDatasetManifest,
} from "../../store/dataset_files.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import { parseQuery, parseWith, readJsonBody } from "../_http.ts";
import { datasetBarsQuery, datasetBuildRequest, datasetListQuery } from "../schemas.ts";
import { sessionCandles } from "../../market/session_buckets.ts";
import { barRange, bound, datasetBars, readyDataset } from "./_dataset_bars.ts";
import { datasetView } from "../../services/views/datasets.ts";

/** Wire names of the candle widths. */
const INTERVAL_NAMES: Record<string, "1m" | "5m" | "15m" | "30m" | "1h" | "1d"> = {
  "1": "1m",
  "5": "5m",
  "15": "15m",
  "30": "30m",
  "60": "1h",
  day: "1d",
};

/** Dataset routes, mounted at `/datasets`. */
export function datasetRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/", (c) => {
    const q = parseQuery(c, datasetListQuery);
    const items = deps.catalog.listDatasets({ symbol: q.symbol?.toUpperCase(), status: q.status })
      .map(datasetView);
    return c.json({ items, total: items.length });
  });

  app.get("/sources", (c) => {
    const databento = deps.service.databentoDataset;
    const local = "files under the data dir's raw/ folder";
    return c.json({
      items: [
        {
          kind: "synthetic",
          available: true,
          description: "seeded synthetic trades and quotes, for trying things out",
          symbols: [...SYNTHETIC_SYMBOLS],
          dataset: null,
        },
        {
          kind: "databento",
          available: databento !== null,
          description: databento
            ? "downloaded with the server's DATABENTO_API_KEY (billed to that key)"
            : "needs DATABENTO_API_KEY in the server's environment (never sent by a browser)",
          symbols: null,
          dataset: databento,
        },
        {
          kind: "dbn",
          available: true,
          description: `Databento DBN TRADES (+ TBBO) ${local}`,
          symbols: null,
          dataset: null,
        },
        {
          kind: "csv",
          available: true,
          description: `1-minute OHLCV candles in a CSV file ${local}`,
          symbols: null,
          dataset: null,
        },
        {
          kind: "parquet",
          available: true,
          description: `1-minute OHLCV candles in a Parquet file ${local}`,
          symbols: null,
          dataset: null,
        },
      ],
      raw_dir: relative(deps.dir.root, deps.dir.raw) || "raw",
    });
  });

  app.get("/:id/bars", async (c) => {
    const q = parseQuery(c, datasetBarsQuery);
    const { dataset, bars } = await datasetBars(deps, c.req.param("id"));
    const [lo, hi] = barRange(bars.ts, bound(q.from, false), bound(q.to, true));
    const candles = sessionCandles(bars, lo, hi, q.max_candles);
    const seconds = new Array<number>(candles.ts.length);
    for (let i = 0; i < seconds.length; i++) seconds[i] = candles.ts[i] / 1000;
    return c.json({
      dataset_id: dataset.datasetId,
      symbol: dataset.symbol,
      interval: INTERVAL_NAMES[String(candles.interval)],
      bars: candles.bars,
      days: candles.days,
      time: seconds,
      open: Array.from(candles.open),
      high: Array.from(candles.high),
      low: Array.from(candles.low),
      close: Array.from(candles.close),
      volume: Array.from(candles.volume),
    });
  });

  app.delete("/:id", async (c) => {
    await deps.service.deleteDataset(c.req.param("id"));
    return c.body(null, 204);
  });

  app.get("/:id", async (c) => {
    const id = c.req.param("id");
    const d = deps.catalog.getDataset(id);
    if (!d) {
      throw new NotFoundError(
        "DATASET_NOT_FOUND",
        `dataset ${id} not found; list datasets with GET /datasets or build one with POST /datasets`,
      );
    }
    let manifest = null;
    if (d.status === "READY") {
      manifest = parseManifest(
        datasetManifest,
        await readDatasetManifest(deps.dir, d),
        d.barsManifestPath,
      );
    }
    return c.json({ ...datasetView(d), manifest });
  });

  // The bars file itself, for a `hewston worker --server` that lacks the dataset: it names
  // the bars by sha256 and checks what it receives. The path comes from the catalog (never
  // from the request) through the data dir's checks; auth covers it like every route.
  app.get("/:id/bars.parquet", async (c) => {
    const d = readyDataset(deps, c.req.param("id"));
    const { bars_parquet_sha256: sha } = await datasetFacts(deps.dir, d);
    const etag = `"${sha}"`;
    if (c.req.header("if-none-match") === etag) return c.body(null, 304);
    const f = await openDatasetBarsFile(deps.dir, d);
    c.header("Content-Type", "application/vnd.apache.parquet");
    c.header("Content-Length", String((await f.stat()).size));
    c.header("ETag", etag);
    return c.body(f.readable, 200);
  });

  app.post("/", async (c) => {
    const body = parseWith(datasetBuildRequest, await readJsonBody(c, deps.maxBodyBytes), "body");
    const spec = await specOf(deps, body);
    await checkDatasetQuota(spec, deps.maxDatasetBytes ?? DEFAULT_MAX_DATASET_BYTES);
    const jobId = deps.service.startDatasetBuild(spec);
    return c.json(
      { job_id: jobId, status: "QUEUED", events_url: `/backtests/${jobId}/events` },
      202,
    );
  });

  app.post("/jobs/:job_id/cancel", async (c) => {
    const jobId = c.req.param("job_id");
    await deps.service.cancelDatasetBuild(jobId);
    return c.json({ job_id: jobId, status: "CANCELLED", events_url: `/backtests/${jobId}/events` });
  });

  return app;
}

async function specOf(
  deps: AppDeps,
  b: z.output<typeof datasetBuildRequest>,
): Promise<DatasetSpec> {
  const symbol = validateRange(b.symbol, b.from, b.to);
  const extended = b.extended_hours ? { extendedHours: true } : {};
  if (!b.source) {
    return { ...(await deps.service.datasetSpecFor(symbol, b.from, b.to)), ...extended };
  }
  let source: DatasetSource;
  switch (b.source.kind) {
    case "synthetic":
      if (!isSyntheticSymbol(symbol)) {
        throw new ValidationError(
          `body.source: the synthetic source serves only ${
            SYNTHETIC_SYMBOLS.join(" and ")
          }, not ${symbol}`,
        );
      }
      source = {
        kind: "synthetic",
        seed: b.source.seed,
        ...(b.source.trades_per_day ? { tradesPerDay: b.source.trades_per_day } : {}),
      };
      break;
    case "dbn":
      source = {
        kind: "dbn",
        trades: await Promise.all(
          b.source.trades.map((p, i) => inside(deps.dir, p, `trades.${i}`)),
        ),
        tbbo: await Promise.all(b.source.tbbo.map((p, i) => inside(deps.dir, p, `tbbo.${i}`))),
      };
      break;
    case "databento":
      source = { kind: "databento", dataset: b.source.dataset };
      break;
    case "csv":
    case "parquet":
      source = { kind: b.source.kind, path: await inside(deps.dir, b.source.path, "path") };
      break;
  }
  return { symbol, from: b.from, to: b.to, source, ...extended };
}

/**
 * The real path of a file named by a client, which must be inside the data dir's `raw/`
 * folder (never the catalog, artifacts or derived files).
 * @throws {ValidationError} outside the data dir or its raw/ folder (symlinks resolved), or
 *   missing
 */
async function inside(dir: DataDir, path: string, field: string): Promise<string> {
  const where = `body.source.${field}`;
  const within = (root: string, p: string) => {
    const rel = relative(root, p);
    return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  };
  // Checked before touching the file system, so a request cannot probe for files elsewhere.
  const full = resolve(dir.root, path);
  if (path.includes("\0") || !within(dir.root, full)) throw outside(where, path);
  let real: string;
  try {
    real = await Deno.realPath(full);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw new ValidationError(`${where}: no file ${path}`);
    throw err;
  }
  // Symlinks inside the data dir must not lead out of it either.
  if (!within(await Deno.realPath(dir.root), real)) throw outside(where, path);
  // Nor may a request feed the server its own files (the catalog, artifacts, derived bars).
  let raw: string;
  try {
    raw = await Deno.realPath(dir.raw);
  } catch {
    raw = dir.raw;
  }
  if (!within(raw, real)) {
    throw new ValidationError(
      `${where}: ${path} is one of the data dir's own files; put input files under its raw/ folder`,
    );
  }
  return real;
}

function outside(where: string, path: string): ValidationError {
  return new ValidationError(
    `${where}: ${path} is outside the data dir; put the file under its raw/ folder`,
  );
}
