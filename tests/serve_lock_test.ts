/**
 * End-to-end specs of one data dir shared by several real processes: a second `hewston serve`
 * (on the taken port or another) and the writing commands (`data`, `backtest`, `sweep`,
 * `prune`) are refused with one line naming the first server, and leave its RUNNING run and
 * partial folder alone; read-only `runs` proceeds. A server that cannot bind its port
 * changes nothing either (it binds before recovery).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { AppDeps } from "../src/api/deps.ts";
import { putRun } from "../src/api/testing/test_app.ts";
import { SqliteCatalog } from "../src/store/catalog_sqlite.ts";
import { SqliteRuns } from "../src/store/runs_sqlite.ts";
import { hewston } from "./_hewston.ts";
import { startServer } from "./_server.ts";

const RUN = "feedfacefeedface";

/** Plants a run left RUNNING (as a server mid-run has it) and its partial folder. */
async function plantRunningRun(dataDir: string): Promise<void> {
  const catalog = new SqliteCatalog(join(dataDir, "catalog.sqlite"));
  try {
    const runs = new SqliteRuns(catalog.db);
    putRun({ catalog, runs } as unknown as AppDeps, RUN, "RUNNING");
  } finally {
    catalog.close();
  }
  await Deno.mkdir(join(dataDir, "backtests", `${RUN}.building`), { recursive: true });
}

async function runningRunIntact(dataDir: string): Promise<void> {
  const catalog = new SqliteCatalog(join(dataDir, "catalog.sqlite"));
  try {
    assert.equal(new SqliteRuns(catalog.db).getRun(RUN)?.status, "RUNNING");
  } finally {
    catalog.close();
  }
  assert.ok((await Deno.stat(join(dataDir, "backtests", `${RUN}.building`))).isDirectory);
}

Deno.test("a second hewston serve and writing commands on a served data dir are refused and touch nothing", async () => {
  const dir = await Deno.makeTempDir();
  const first = await startServer(dir, ["--no-demo", "--workers", "1"]);
  try {
    await plantRunningRun(dir);
    const port = new URL(first.url).port;
    const pid = String(JSON.parse(await Deno.readTextFile(join(dir, "serve.lock"))).pid);
    const refusal =
      `hewston: data dir ${dir} is in use by hewston serve at ${first.url} (pid ${pid})`;
    for (const p of [port, "0"]) {
      const second = await hewston(["serve", "--no-demo", "--port", p], { dataDir: dir });
      assert.equal(second.code, 1, second.stderr);
      assert.equal(second.stderr, refusal + "\n");
      await runningRunIntact(dir);
    }
    const writers = [
      ["prune", "--keep", "0"],
      ["data", "--symbol", "TEST", "--from", "2024-03-04", "--to", "2024-03-08", "--synthetic"],
      [
        "backtest",
        "--symbol",
        "TEST",
        "--from",
        "2024-03-04",
        "--to",
        "2024-03-08",
        "--strategy",
        "sma_crossover",
      ],
      [
        "sweep",
        "--strategy",
        "sma_crossover",
        "--symbol",
        "TEST",
        "--from",
        "2024-03-04",
        "--to",
        "2024-03-08",
        "--grid",
        "fast=5:10:5",
      ],
    ];
    for (const args of writers) {
      const r = await hewston(args, { dataDir: dir });
      assert.equal(r.code, 1, `${args[0]}: ${r.stderr}`);
      assert.equal(
        r.stderr,
        `${refusal}; stop it to run hewston ${
          args[0]
        }, or go through its API (read-only commands like hewston runs work meanwhile)\n`,
        args[0],
      );
      await runningRunIntact(dir);
    }
    const list = await hewston(["runs"], { dataDir: dir });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(RUN));
    // The first server is unharmed and still answers.
    assert.equal((await fetch(`${first.url}/healthz`).then((r) => r.json())).status, "ok");
  } finally {
    await first.stop();
  }
  // Once it stopped, the dir is free again.
  const prune = await hewston(["prune", "--keep", "100"], { dataDir: dir });
  assert.equal(prune.code, 0, prune.stderr);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hewston serve that cannot bind its port leaves RUNNING runs and partial folders alone", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "backtests"), { recursive: true });
  await plantRunningRun(dir);
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = String((taken.addr as Deno.NetAddr).port);
    const r = await hewston(["serve", "--no-demo", "--port", port], { dataDir: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr,
      `hewston: cannot listen on 127.0.0.1:${port}: the address is already in use\n`,
    );
    await runningRunIntact(dir);
  } finally {
    taken.close();
    await Deno.remove(dir, { recursive: true });
  }
});
