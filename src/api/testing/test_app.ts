/**
 * @module
 * Test support for the API: the real app over a real catalog in a temp data dir, with a
 * hand-driven worker pool, so tests decide exactly when a job reports progress or ends,
 * and a real `Deno.serve` on a random 127.0.0.1 port. Also an SSE frame reader and a
 * Prometheus exposition checker.
 */
import assert from "node:assert/strict";
import { HewstonError } from "../../domain/errors.ts";
import type { DatasetBuildResult, DatasetSpec, Progress, RunStatus } from "../../domain/ports.ts";
import { RunService } from "../../services/runs/run_service.ts";
import { sweepServiceOver } from "../../services/sweeps/sweep_service.ts";
import { type DataDir, resolveDataDir } from "../../store/data_dir.ts";
import { openStore } from "../../store/open_store.ts";
import type {
  EngineTask,
  TaskOptions,
  TaskResultOf,
  TaskRunner,
  TaskRunnerStats,
} from "../../services/tasks.ts";
import { createApp } from "../app.ts";
import { type AppDeps, newHttpMetrics } from "../deps.ts";

/** One task handed to the {@link ManualPool}, waiting for the test to end it. */
export interface ManualTask {
  request: unknown;
  progress(p: Progress): void;
  resolve(result: unknown): void;
  reject(err: unknown): void;
}

/** A task runner whose tasks run only as far as the test drives them. */
export class ManualPool implements TaskRunner {
  /** One slot reported (no real worker exists: the test is the worker). */
  readonly parallelism = 1;
  readonly alive = 1;
  /** Tasks handed out, oldest first. */
  readonly tasks: ManualTask[] = [];
  /** Tasks waiting (always 0: every task "runs" at once). */
  readonly queued = 0;

  /** Tasks handed out and not yet ended. */
  get running(): number {
    return this.#open;
  }

  #open = 0;

  /** Records the task; the returned promise settles when the test resolves or rejects it. */
  run<T extends EngineTask>(request: T, opts: TaskOptions = {}): Promise<TaskResultOf<T>> {
    // Like the real pool, a task cancelled before it was handed out never reaches a worker.
    if (opts.signal?.aborted) {
      return Promise.reject(new HewstonError("CANCELLED", "task cancelled", { status: 409 }));
    }
    return new Promise<TaskResultOf<T>>((resolve, reject) => {
      this.#open++;
      this.tasks.push({
        request,
        progress: (p) => opts.onProgress?.(p),
        // The test supplies the result; it is the worker's answer, whatever its shape.
        resolve: (r) => (this.#open--, resolve(r as TaskResultOf<T>)),
        reject: (e) => (this.#open--, reject(e)),
      });
      // Like the real pool, an abort ends the task at once with CANCELLED.
      const task = this.tasks[this.tasks.length - 1];
      opts.signal?.addEventListener("abort", () => {
        task.reject(new HewstonError("CANCELLED", "task cancelled", { status: 409 }));
      }, { once: true });
    });
  }

  /** {@link TaskRunner.stats}: what the test has handed out and not ended. */
  stats(): TaskRunnerStats {
    return { alive: this.alive, queued: this.queued, running: this.running };
  }

  /** Nothing to stop: no worker exists, and open tasks are the test's to end. */
  close(): void {}
}

/** An app under test and what it runs on. */
export interface TestApp {
  deps: AppDeps;
  pool: ManualPool;
  dir: DataDir;
  /** Log lines the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Closes the catalog and removes the temp data dir (a second call does nothing). */
  close(): void;
}

/** The real app over a temp data dir and a {@link ManualPool}. */
export async function testApp(over: Partial<AppDeps> = {}): Promise<TestApp> {
  const dir = resolveDataDir(await Deno.makeTempDir({ prefix: "hewston-api-" }));
  const pool = new ManualPool();
  const logs: Record<string, unknown>[] = [];
  const log: AppDeps["log"] = (level, msg, fields = {}) => logs.push({ level, msg, ...fields });
  const deps = await testDeps(dir, pool, log, over);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    deps.catalog.close();
    // Every API test makes one of these: left behind, they once filled the disk.
    Deno.removeSync(dir.root, { recursive: true });
  };
  return { deps, pool, dir, logs, close };
}

/**
 * The app's dependencies over a real catalog in `dir` and the given pool: what every API test
 * harness builds on.
 */
export async function testDeps(
  dir: DataDir,
  pool: TaskRunner,
  log: AppDeps["log"],
  over: Partial<AppDeps> = {},
): Promise<AppDeps> {
  const { catalog, runs, events, presets } = await openStore(dir);
  const service = new RunService({ dir, catalog, runs, events, pool, log, databento: null });
  const sweeps = sweepServiceOver(dir, catalog, service, pool, log);
  return {
    dir,
    catalog,
    runs,
    events,
    presets,
    service,
    sweeps,
    state: { startedAt: performance.now(), demo: "absent", version: "0.0.0-test" },
    http: newHttpMetrics(),
    log,
    ...over,
  };
}

/** A dataset spec for jobs driven by hand (never built: the pool is manual). */
export const TEST_SPEC: DatasetSpec = {
  symbol: "TEST",
  from: "2024-03-04",
  to: "2024-03-08",
  source: { kind: "synthetic", seed: 7 },
};

/** A minimal successful dataset build result for {@link ManualTask.resolve}. */
export function builtResult(datasetId: string, bars: number): DatasetBuildResult {
  return {
    dataset: { datasetId } as DatasetBuildResult["dataset"],
    reused: false,
    records: { trades: 0, quotes: 0, tradesOutsideSession: 0 },
    bars,
    parquetBytes: 0,
    rawBytes: 0,
    elapsedMs: 0,
  };
}

/**
 * Inserts a run row (and its dataset row) straight into the catalog, as a run made by the
 * CLI would be: no events, no worker.
 */
export function putRun(deps: AppDeps, runId: string, status: RunStatus): void {
  const datasetId = "TEST-2024-03-04-2024-03-08-synthetic-00000000";
  if (!deps.catalog.getDataset(datasetId)) {
    deps.catalog.putDataset({
      datasetId,
      symbol: "TEST",
      fromDate: "2024-03-04",
      toDate: "2024-03-08",
      products: ["bars_1m"],
      calendarVersion: "test",
      tz: "America/New_York",
      rawDbn: [],
      barsParquet: [],
      barsManifestPath: "derived/bars/x/manifest.json",
      generatedAt: "2024-03-09T00:00:00.000Z",
      sizeBytes: 0,
      status: "READY",
      sourceKind: "synthetic",
      session: "regular",
      barCount: 0,
      manifestSha256: null,
      error: null,
    });
  }
  deps.runs.createRun({
    runId,
    datasetId,
    strategyId: "sma_crossover",
    params: { fast: 10, slow: 30 },
    seed: 42,
    slippageFees: {},
    speed: 60,
    codeHash: "0".repeat(64),
    createdAt: "2024-03-09T00:00:00.000Z",
    status,
    durationMs: null,
    metricsPath: null,
    equityPath: null,
    ordersPath: null,
    fillsPath: null,
    tradesPath: null,
    runManifestPath: `backtests/${runId}/run-manifest.json`,
    inputHash: `hash-${runId}`,
    idempotencyKey: null,
    config: {},
    manifestHash: null,
    chainPrev: null,
    error: null,
    finishedAt: status === "DONE" ? "2024-03-09T00:00:01.000Z" : null,
  });
}

/** A served app: `createApp(deps)` on `Deno.serve` at a random 127.0.0.1 port. */
export interface Served {
  url: string;
  shutdown(): Promise<void>;
}

/** Serves the app of `deps` on 127.0.0.1, port 0. */
export function serve(deps: AppDeps): Served {
  const app = createApp(deps);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    shutdown: () => server.shutdown(),
  };
}

/** Reads SSE text from a response body frame by frame (a frame ends with a blank line). */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<string>;
  #buf = "";

  /** @param body the response body */
  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next `n` frames, each with its trailing blank line; fewer if the stream ends. */
  async frames(n: number): Promise<string[]> {
    const out: string[] = [];
    while (out.length < n) {
      const end = this.#buf.indexOf("\n\n");
      if (end >= 0) {
        out.push(this.#buf.slice(0, end + 2));
        this.#buf = this.#buf.slice(end + 2);
        continue;
      }
      const { value, done } = await this.#reader.read();
      if (done) break;
      this.#buf += value;
    }
    return out;
  }

  /** The next `n` frames that are not heartbeats (heartbeats on the way are counted). */
  async events(n: number): Promise<string[]> {
    const out: string[] = [];
    while (out.length < n) {
      const [f] = await this.frames(1);
      if (f === undefined) break;
      if (f.startsWith("event: heartbeat\n")) this.heartbeats++;
      else out.push(f);
    }
    return out;
  }

  /** Heartbeat frames skipped by {@link events}. */
  heartbeats = 0;

  /** Everything left until the server ends the stream. */
  async rest(): Promise<string> {
    while (true) {
      const { value, done } = await this.#reader.read();
      if (done) break;
      this.#buf += value;
    }
    const text = this.#buf;
    this.#buf = "";
    return text;
  }

  /** Drops the connection (the client goes away). */
  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}

/** Checks every line of a Prometheus text exposition; returns the samples by series. */
export function parseExposition(text: string): Map<string, number> {
  assert.ok(text.endsWith("\n"), "ends with a newline");
  const samples = new Map<string, number>();
  const typed = new Map<string, string>();
  const helped = new Set<string>();
  const name = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  const sample = new RegExp(
    `^(${name})(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"(?:,(?=[a-zA-Z_]))?)*\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`,
  );
  for (const line of text.slice(0, -1).split("\n")) {
    let m = line.match(new RegExp(`^# HELP (${name}) .+$`));
    if (m) {
      helped.add(m[1]);
      continue;
    }
    m = line.match(new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`));
    if (m) {
      assert.ok(helped.has(m[1]), `HELP before TYPE of ${m[1]}`);
      typed.set(m[1], m[2]);
      continue;
    }
    m = line.match(sample);
    assert.ok(m, `not a sample line: ${JSON.stringify(line)}`);
    const family = [...typed.keys()].find((f) =>
      m![1] === f || (/^(_sum|_count|_bucket|_total)$/.test(m![1].slice(f.length)) &&
        m![1].startsWith(f))
    );
    assert.ok(family, `sample of an undeclared family: ${line}`);
    const key = m[1] + (m[2] ?? "");
    assert.ok(!samples.has(key), `duplicate series ${key}`);
    const v = m[3] === "NaN" ? NaN : m[3] === "+Inf" ? Infinity : Number(m[3]);
    assert.ok(m[3] === "NaN" || !Number.isNaN(v), line);
    samples.set(key, v);
  }
  return samples;
}
