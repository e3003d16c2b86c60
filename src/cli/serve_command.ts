/**
 * @module
 * `hewston serve`: parses the command line into {@link ServeOptions} and calls the action.
 */
import { Command, Option } from "commander";
import { addCommonOptions, type CommonOptions, commonOptions, examples, intArg } from "./args.ts";
import { addQueueOptions, type QueueFlags } from "./queue_option.ts";

/** What `hewston serve` was asked to do. */
export interface ServeOptions extends CommonOptions {
  /** Address to bind; anything but loopback needs a token. @default "127.0.0.1" */
  host: string;
  /** Port (0 picks a free one). @default 8000 */
  port: number;
  /** Build the DEMO dataset on first start. @default true */
  demo: boolean;
  /** Worker pool size; unset means one per core. */
  workers?: number;
  /** Seconds an idle worker is kept. @default 60 */
  workerIdleSeconds: number;
  /** Finished runs to keep; unset means `HEWSTON_KEEP`, else 100. */
  keep?: number;
  /** Bearer token; unset means `HEWSTON_TOKEN`. */
  token?: string;
  /** debug | info | warn | error; unset means `HEWSTON_LOG_LEVEL`, else info. */
  logLevel?: string;
  /** Extra origins allowed by CORS. */
  corsOrigins: string[];
  /** DNS names clients may use in the Host header besides localhost and IP addresses. */
  allowedHosts: string[];
  /** Quota of one dataset build started through the API, in MB. @default 2048 */
  maxDatasetMb: number;
  /** Where the queue URL comes from: the server's sweeps then run on `hewston worker`s. */
  queue: QueueFlags;
  /** Seconds serve waits at start for another process to release the catalog. @default 30 */
  catalogWaitSeconds: number;
  /** Seconds a request's headers may take to arrive whole. @default 10 */
  headerTimeoutSeconds: number;
  /** Seconds a connection may sit with no byte moving between requests. @default 330 */
  idleTimeoutSeconds: number;
}

/** The `serve` command; `action` receives the parsed options. */
export function serveCommand(action: (o: ServeOptions) => Promise<number>): Command {
  const cmd = new Command("serve")
    .summary("API server, event streams and UI (+ DEMO data on first start)")
    .description(
      "Serves the API on the host and port: loopback by default; any other address needs a " +
        "token (--token or HEWSTON_TOKEN), and then every request needs " +
        "'Authorization: Bearer <token>'. Logs are JSON lines on stdout.",
    )
    .option("--host <host>", "address to bind", "127.0.0.1")
    .addOption(
      new Option("--port <port>", "port (0: any free port)").default(8000)
        .argParser(intArg(0, 65535)),
    )
    .option("--no-demo", "do not build the DEMO dataset on first start")
    .addOption(new Option("--workers <n>", "worker pool size (default: cores)")
      .argParser(intArg(1, 256)))
    .addOption(
      new Option("--worker-idle <seconds>", "release a worker after this long without work")
        .default(60).argParser(intArg(1, 86_400)),
    )
    .addOption(new Option("--keep <n>", "finished runs to keep (default: HEWSTON_KEEP, else 100)")
      .argParser(intArg(0, 1_000_000)))
    .option("--token <token>", "bearer token required on every request (or HEWSTON_TOKEN)")
    .addOption(
      new Option("--log-level <level>", "log level (default: HEWSTON_LOG_LEVEL, else info)")
        .choices(["debug", "info", "warn", "error"]),
    )
    .addOption(
      new Option(
        "--cors-origin <url>",
        "another origin allowed by CORS (repeatable); the served origin and " +
          "http://localhost:* / http://127.0.0.1:* are always allowed",
      ).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
    )
    .addOption(
      new Option("--max-dataset-mb <mb>", "size quota of one dataset build started by the API")
        .default(2048).argParser(intArg(1, 10_000_000)),
    )
    .addOption(
      new Option(
        "--catalog-wait <seconds>",
        "at start, wait this long for another process holding the catalog's lock, then give up",
      ).default(30).argParser(intArg(0, 3600)),
    )
    .addOption(
      new Option(
        "--header-timeout <seconds>",
        "close a connection whose request headers take longer than this to arrive (slow clients)",
      ).default(10).argParser(intArg(1, 3600)),
    )
    .addOption(
      new Option(
        "--idle-timeout <seconds>",
        "close a connection with no byte moving for this long between requests (keep it above " +
          "the longest SSE heartbeat, 300)",
      ).default(330).argParser(intArg(1, 86_400)),
    )
    .addOption(
      new Option(
        "--allowed-host <name>",
        "a DNS name clients may use to reach the server (repeatable); IP addresses, " +
          "localhost and the --host name are always allowed, any other Host header gets 421 " +
          "(DNS rebinding)",
      ).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
    );
  addQueueOptions(cmd, "run the server's sweeps on `hewston worker`s");
  addCommonOptions(cmd)
    .addHelpText(
      "after",
      examples([
        "hewston serve                        # http://127.0.0.1:8000",
        "hewston serve --port 0 --no-demo     # any free port, no DEMO build",
        "hewston serve --host 0.0.0.0 --token $(openssl rand -hex 16)",
        "hewston serve --queue-file ~/.hewston-queue   # sweeps run on `hewston worker`s",
      ]),
    )
    .action(async (o, c: Command) => {
      await action({
        ...commonOptions(c),
        host: o.host,
        port: o.port,
        demo: o.demo,
        workers: o.workers,
        workerIdleSeconds: o.workerIdle,
        keep: o.keep,
        token: o.token,
        logLevel: o.logLevel,
        corsOrigins: o.corsOrigin ?? [],
        allowedHosts: o.allowedHost ?? [],
        maxDatasetMb: o.maxDatasetMb,
        queue: { queue: o.queue, queueFile: o.queueFile },
        catalogWaitSeconds: o.catalogWait,
        headerTimeoutSeconds: o.headerTimeout,
        idleTimeoutSeconds: o.idleTimeout,
      });
    });
  return cmd;
}
