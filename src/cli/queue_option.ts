/**
 * @module
 * The queue options of `sweep`, `worker` and `serve`: `--queue URL`, or `--queue-file FILE`
 * (its first line), or `HEWSTON_QUEUE`. A Redis URL may carry a password, and a command line
 * is visible to every user of the machine (`ps`), so the file and the variable keep it off it.
 */
import { type Command, Option } from "commander";
import { ValidationError } from "../domain/errors.ts";
import { UsageError } from "./args.ts";

/** The queue flags as parsed. */
export interface QueueFlags {
  /** `redis://[:password@]HOST:PORT` given on the command line. */
  queue?: string;
  /** A file whose first line is that URL. */
  queueFile?: string;
}

/** Adds `--queue` and `--queue-file` to `cmd`; `what` says what goes to the queue. */
export function addQueueOptions(cmd: Command, what: string): Command {
  return cmd
    .addOption(
      new Option(
        "--queue <url>",
        `${what} through Redis: redis://[:password@]HOST:PORT (a password here shows in ps: ` +
          "prefer --queue-file or HEWSTON_QUEUE)",
      ).conflicts("queueFile"),
    )
    .option("--queue-file <file>", "a file whose first line is the --queue URL");
}

/**
 * The queue URL: `--queue`, else the first line of `--queue-file`, else `envQueue`
 * (`HEWSTON_QUEUE`, read by `config.ts`); undefined when none is given.
 * @throws {ValidationError} for an unreadable or empty file
 * @throws {UsageError} for both flags at once
 */
export async function queueUrl(
  flags: QueueFlags,
  envQueue: string | undefined,
): Promise<string | undefined> {
  if (flags.queue !== undefined && flags.queueFile !== undefined) {
    throw new UsageError("give --queue or --queue-file, not both");
  }
  if (flags.queue !== undefined) return flags.queue;
  if (flags.queueFile === undefined) return envQueue;
  let text: string;
  try {
    text = await Deno.readTextFile(flags.queueFile);
  } catch (err) {
    throw new ValidationError(
      `--queue-file ${flags.queueFile}: ${err instanceof Error ? err.message.split("\n")[0] : err}`,
    );
  }
  const url = text.split("\n")[0].trim();
  if (!url) throw new ValidationError(`--queue-file ${flags.queueFile} is empty`);
  return url;
}
