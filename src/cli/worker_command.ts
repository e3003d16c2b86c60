/**
 * @module
 * `hewston worker`: parses the command line into {@link WorkerOptions} and calls the action.
 */
import { Command, Option } from "commander";
import { addCommonOptions, type CommonOptions, commonOptions, examples, intArg } from "./args.ts";
import { addQueueOptions, type QueueFlags } from "./queue_option.ts";

/** What `hewston worker` was asked to serve. */
export interface WorkerOptions extends CommonOptions {
  /** Where the queue URL comes from (`--queue`, `--queue-file`, else `HEWSTON_QUEUE`). */
  queue: QueueFlags;
  /** Ms a chunk stays claimed without a heartbeat before another worker retries it. */
  lockMs: number;
  /** Origin of the `hewston serve` that owns the datasets; missing bars are fetched from it. */
  server?: string;
  /** File holding that server's bearer token; unset means `HEWSTON_TOKEN`. */
  tokenFile?: string;
}

/** The `worker` command; `action` receives the parsed options. */
export function workerCommand(action: (o: WorkerOptions) => Promise<number>): Command {
  const cmd = new Command("worker")
    .summary("run sweep chunks from a Redis queue until stopped")
    .description(
      "Takes sweep chunks that `hewston sweep --queue URL` puts on the queue and runs them with " +
        "the engine; the bars come from this worker's data dir (same dataset id and sha256), " +
        "else are fetched once from --server into the data dir's cache and verified. " +
        "Runs until SIGINT/SIGTERM; an unfinished chunk is retried by another worker.",
    )
    .option(
      "--server <url>",
      "the hewston serve that owns the datasets (http://HOST:PORT): bars this worker lacks " +
        "are fetched from it",
    )
    .option(
      "--token-file <file>",
      "file holding that server's bearer token (default: HEWSTON_TOKEN)",
    )
    .addOption(
      new Option(
        "--lock-ms <ms>",
        "how long a chunk stays claimed without this worker's heartbeat before it is retried",
      ).default(30_000).argParser(intArg(1_000, 3_600_000)),
    );
  addCommonOptions(addQueueOptions(cmd, "take the chunks"))
    .addHelpText(
      "after",
      examples([
        "hewston worker --queue redis://127.0.0.1:6379",
        "hewston worker --queue-file ~/.hewston-queue --data-dir /srv/hewston   # URL with password",
        "hewston worker --queue redis://10.0.0.5:6379 --server http://10.0.0.5:8000 \\",
        "  --token-file ~/.hewston-token   # fetches bars it lacks from the server",
      ]),
    )
    .action(async (o, c: Command) => {
      await action({
        ...commonOptions(c),
        queue: { queue: o.queue, queueFile: o.queueFile },
        lockMs: o.lockMs,
        server: o.server,
        tokenFile: o.tokenFile,
      });
    });
  return cmd;
}
