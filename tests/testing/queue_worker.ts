/**
 * @module
 * A `hewston worker --queue …` process for tests, started through the real launcher, whose
 * log lines (`worker: chunk ID started|done|failed …`) the test can wait for.
 */
import { REPO } from "../_hewston.ts";

/** A running worker process. */
export interface WorkerProcess {
  child: Deno.ChildProcess;
  /** Every stderr line so far. */
  lines: string[];
  /** Resolves with the first line (past or future) matching `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then the exit status. */
  stop(): Promise<Deno.CommandStatus>;
}

/**
 * Starts a worker on the queue over `dataDir` and waits until it is ready. `queue` is the URL
 * (given as `--queue`) or `{ file }`, a file holding it (given as `--queue-file`).
 */
export async function startWorker(
  queue: string | { file: string },
  dataDir: string,
  extra: string[] = [],
): Promise<WorkerProcess> {
  const from = typeof queue === "string" ? ["--queue", queue] : ["--queue-file", queue.file];
  const child = new Deno.Command(`${REPO}/hewston`, {
    args: ["worker", ...from, "--data-dir", dataDir, ...extra],
    cwd: REPO,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const reading = (async () => {
    let rest = "";
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + text).split("\n");
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        for (const w of waiters.splice(0)) {
          if (w.re.test(line)) w.resolve(line);
          else waiters.push(w);
        }
      }
    }
  })();
  const waitFor = (re: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const hit = lines.find((l) => re.test(l));
      if (hit) return resolve(hit);
      const timer = setTimeout(
        () => reject(new Error(`worker: no line ${re} in ${timeoutMs} ms:\n${lines.join("\n")}`)),
        timeoutMs,
      );
      waiters.push({
        re,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  const w: WorkerProcess = {
    child,
    lines,
    waitFor,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* already exited */ }
      const status = await child.status;
      await reading;
      return status;
    },
  };
  await waitFor(/^worker: ready/);
  return w;
}
