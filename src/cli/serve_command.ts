/**
 * @module
 * `hewston serve`: the HTTP service on 127.0.0.1:8000 by default. On first start it builds
 * the DEMO dataset in a worker (the server answers meanwhile; /healthz reports it).
 */
import { parseArgs } from "node:util";
import { ValidationError } from "../domain/errors.ts";
import { createApp, type ServerState } from "../api/app.ts";
import { DEMO_SPEC } from "../market/build_dataset.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { buildDataset } from "./data_command.ts";
import { VERSION } from "../version.ts";

/** Usage text of `hewston serve`. */
export const SERVE_USAGE =
  `hewston serve [--host 127.0.0.1] [--port 8000] [--data-dir DIR] [--no-demo]

Serves the API on the host and port (loopback by default). The first start builds the
DEMO dataset (one synthetic year) in the background unless --no-demo is given.`;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Runs `hewston serve`; resolves when the server stops. */
export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8000" },
      "data-dir": { type: "string" },
      "no-demo": { type: "boolean" },
      token: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ValidationError(`--port must be 0-65535, got ${values.port}`);
  }
  const token = values.token ?? Deno.env.get("HEWSTON_TOKEN");
  if (!LOOPBACK.has(values.host!) && !token) {
    throw new ValidationError(
      `refusing to bind ${values.host} without a token: pass --token or set HEWSTON_TOKEN`,
    );
  }
  const dir = resolveDataDir(values["data-dir"]);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  const state: ServerState = { startedAt: performance.now(), demo: "absent", version: VERSION };
  const app = createApp({ catalog, state });
  const server = Deno.serve({
    hostname: values.host,
    port,
    onListen: ({ hostname, port }) => {
      const host = hostname.includes(":") ? `[${hostname}]` : hostname;
      console.log(`hewston ${VERSION} serving on http://${host}:${port} (data dir ${dir.root})`);
    },
  }, app.fetch);

  if (!values["no-demo"]) {
    const ready = catalog.listDatasets({ symbol: DEMO_SPEC.symbol, status: "READY" }).length > 0;
    if (ready) state.demo = "ready";
    else {
      state.demo = "building";
      const t0 = performance.now();
      buildDataset(dir, DEMO_SPEC, { quiet: true }).then((r) => {
        state.demo = "ready";
        console.log(
          `demo dataset ${r.dataset.datasetId} ready: ${r.bars} bars in ${
            ((performance.now() - t0) / 1000).toFixed(1)
          } s`,
        );
      }).catch((err) => {
        state.demo = "error";
        state.demoError = err instanceof Error ? err.message : String(err);
        console.error(`hewston: demo dataset failed: ${state.demoError}`);
      });
    }
  }
  const stop = () => server.shutdown();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await server.finished;
  catalog.close();
  return 0;
}
