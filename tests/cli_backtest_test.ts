/**
 * End-to-end specs of `hewston backtest`, `runs` and `verify`: the real launcher, temp data
 * dirs, the real catalog and artifacts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hewston } from "./_hewston.ts";
import { readParquet } from "../src/store/parquet.ts";
import { tempDir } from "./testing/temp_dir.ts";

const RANGE = ["--symbol", "TEST", "--from", "2024-03-04", "--to", "2024-03-22"];
const RUN = [
  "backtest",
  ...RANGE,
  "--strategy",
  "sma_crossover",
  "--param",
  "fast=10",
  "--param",
  "slow=30",
  "--seed",
  "42",
  "--k-spread",
  "0.5",
  "--fees-bps",
  "1",
  "--json",
];

function count(dataDir: string, sql: string): number {
  const db = new DatabaseSync(join(dataDir, "catalog.sqlite"), { readOnly: true });
  try {
    return Number((db.prepare(sql).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

async function manifestOf(dataDir: string, runId: string) {
  return JSON.parse(await Deno.readTextFile(join(dataDir, "backtests", runId, "manifest.json")));
}

Deno.test("hewston backtest gives byte-identical artifacts in two processes and data dirs", async () => {
  const a = await tempDir();
  const b = await tempDir();
  const ra = await hewston(RUN, { dataDir: a });
  assert.equal(ra.code, 0, ra.stderr);
  const rb = await hewston(RUN, { dataDir: b });
  assert.equal(rb.code, 0, rb.stderr);
  const ja = JSON.parse(ra.stdout);
  const jb = JSON.parse(rb.stdout);
  assert.equal(ja.status, "DONE");
  assert.equal(ja.run_id, jb.run_id);
  assert.ok(ja.metrics.trades > 0, "the strategy traded");
  const ma = await manifestOf(a, ja.run_id);
  const mb = await manifestOf(b, jb.run_id);
  assert.deepEqual(ma.files, mb.files);
  assert.equal(ma.manifest_hash, mb.manifest_hash);
  assert.deepEqual(ma.files.map((f: { name: string }) => f.name), [
    "equity.parquet",
    "fills.parquet",
    "metrics.json",
    "orders.parquet",
    "run-manifest.json",
    "trades.parquet",
    "validation_summary.json",
  ]);
  for (const f of ma.files) {
    const bytesA = await Deno.readFile(join(a, "backtests", ja.run_id, f.name));
    const bytesB = await Deno.readFile(join(b, "backtests", jb.run_id, f.name));
    assert.deepEqual(bytesA, bytesB, f.name);
    assert.equal(bytesA.length, f.size);
  }
  const rm = JSON.parse(
    await Deno.readTextFile(join(a, "backtests", ja.run_id, "run-manifest.json")),
  );
  assert.equal(rm.seed, 42);
  assert.equal(rm.config.strategy.params.fast, 10);
  assert.equal(rm.calendar_version, "nasdaq-2000-2035.1");
  assert.match(rm.code.code_hash, /^[0-9a-f]{64}$/);
  assert.equal(count(a, "SELECT count(*) AS n FROM runs WHERE status = 'DONE'"), 1);
  assert.equal(count(a, "SELECT count(*) AS n FROM run_metrics"), 1);

  // The same request again finds the run instead of computing it anew.
  const again = JSON.parse((await hewston(RUN, { dataDir: a })).stdout);
  assert.equal(again.existed, true);
  assert.equal(again.run_id, ja.run_id);

  // A second, different run chains to the first one's manifest.
  const other = await hewston([...RUN.slice(0, -1), "--fees-bps", "2", "--json"], { dataDir: a });
  assert.equal(other.code, 0, other.stderr);
  const otherId = JSON.parse(other.stdout).run_id;
  assert.equal((await manifestOf(a, otherId)).chain_prev, ma.manifest_hash);
});

Deno.test("hewston runs lists and shows runs; hewston verify re-runs and checks every hash", async () => {
  const dir = await tempDir();
  const r = await hewston(RUN, { dataDir: dir });
  assert.equal(r.code, 0, r.stderr);
  const runId = JSON.parse(r.stdout).run_id;

  const list = JSON.parse((await hewston(["runs", "--json"], { dataDir: dir })).stdout);
  assert.equal(list.total, 1);
  assert.equal(list.items[0].run_id, runId);
  assert.equal(list.items[0].symbol, "TEST");
  const show = await hewston(["runs", "show", runId], { dataDir: dir });
  assert.equal(show.code, 0);
  assert.match(show.stdout, /Sharpe/);

  const ok = await hewston(["verify", runId, "--json"], { dataDir: dir });
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  const report = JSON.parse(ok.stdout);
  assert.equal(report.ok, true);
  assert.equal(report.files.length, 7);

  // A tampered artifact is caught.
  const metricsPath = join(dir, "backtests", runId, "metrics.json");
  await Deno.writeTextFile(metricsPath, (await Deno.readTextFile(metricsPath)).replace("1", "2"));
  const bad = await hewston(["verify", runId], { dataDir: dir });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /MISMATCH metrics\.json/);
});

Deno.test("hewston backtest rejects bad input with one line and leaves the catalog unchanged", async (t) => {
  const dir = await tempDir();
  const build = await hewston(["data", ...RANGE, "--synthetic", "--seed", "42", "--json"], {
    dataDir: dir,
  });
  assert.equal(build.code, 0, build.stderr);
  const datasetId = JSON.parse(build.stdout).dataset.dataset_id;
  const cases: [string, string[], RegExp][] = [
    ["unknown strategy", ["--dataset", datasetId, "--strategy", "nope"], /unknown strategy "nope"/],
    ["fast ≥ slow", [
      "--dataset",
      datasetId,
      "--strategy",
      "sma_crossover",
      "--param",
      "fast=50",
      "--param",
      "slow=20",
    ], /fast \(50\) must be less than slow \(20\)/],
    [
      "unknown dataset",
      ["--dataset", "NOPE", "--strategy", "sma_crossover"],
      /dataset NOPE not found/,
    ],
    ["empty date range", [
      "--symbol",
      "TEST",
      "--from",
      "2024-03-22",
      "--to",
      "2024-03-04",
      "--strategy",
      "sma_crossover",
    ], /empty date range/],
    ["real symbol without data", [
      "--symbol",
      "AAPL",
      "--from",
      "2024-01-02",
      "--to",
      "2024-01-31",
      "--strategy",
      "sma_crossover",
    ], /no AAPL data for 2024-01-02\.\.2024-01-31/],
    [
      "bad number",
      ["--dataset", datasetId, "--strategy", "sma_crossover", "--fees-bps", "abc"],
      /--fees-bps must be a number/,
    ],
    ["two slippage models", [
      "--dataset",
      datasetId,
      "--strategy",
      "sma_crossover",
      "--k-spread",
      "1",
      "--slippage-pct",
      "1",
    ], /choose one slippage model/],
  ];
  for (const [name, args, re] of cases) {
    await t.step(name, async () => {
      const r = await hewston(["backtest", ...args], { dataDir: dir });
      assert.notEqual(r.code, 0);
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^hewston: /);
      assert.match(lines[0], re);
    });
  }
  assert.equal(count(dir, "SELECT count(*) AS n FROM runs"), 0);
  assert.deepEqual([...Deno.readDirSync(join(dir, "backtests"))], []);
});

Deno.test("hewston backtest --validation writes permutation, bootstrap and walk-forward results that verify", async () => {
  const dir = await tempDir();
  const validation = {
    permutation: { trials: 20 },
    bootstrap: { trials: 50, block: 390 },
    monte_carlo: { trials: 20, slippage_noise_bps: 2 },
    walk_forward: { folds: 3, train: 0.4, grid: { fast: [5, 10], slow: [30] } },
  };
  const r = await hewston([
    ...RUN.slice(0, -1),
    "--validation",
    JSON.stringify(validation),
    "--json",
  ], {
    dataDir: dir,
  });
  assert.equal(r.code, 0, r.stderr);
  const runId = JSON.parse(r.stdout).run_id;
  const folder = join(dir, "backtests", runId);
  const summary = JSON.parse(await Deno.readTextFile(join(folder, "validation_summary.json")));
  assert.equal(summary.tests.permutation.trials, 20);
  assert.ok(summary.tests.permutation.p_value > 0 && summary.tests.permutation.p_value <= 1);
  assert.ok(summary.tests.bootstrap !== undefined);
  assert.ok(summary.tests.monte_carlo !== undefined);
  assert.equal(summary.walk_forward.folds.length, 3);
  assert.deepEqual(summary.deferred, []);
  assert.ok(summary.sharpe.psr >= 0 && summary.sharpe.psr <= 1);
  assert.match(summary.dsr_trials_source, /^catalog: 1 distinct sma_crossover configuration/);
  const details = JSON.parse(await Deno.readTextFile(join(folder, "validation_details.json")));
  assert.equal(details.permutation.length, 20);
  const ok = await hewston(["verify", runId], { dataDir: dir });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);

  const bad = await hewston([...RUN.slice(0, -1), "--validation", '{"permutaton":{}}'], {
    dataDir: dir,
  });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown test permutaton/);
});

Deno.test("hewston backtest --allow-short alone takes short trades with sma_crossover", async () => {
  const dir = await tempDir();
  const r = await hewston([...RUN.slice(0, -1), "--allow-short", "--json"], { dataDir: dir });
  assert.equal(r.code, 0, r.stderr);
  const run = JSON.parse(r.stdout);
  const trades = await readParquet(
    await Deno.readFile(join(dir, "backtests", run.run_id, "trades.parquet")),
  );
  const sides = trades.getChild("side")!.toArray() as string[];
  assert.ok(sides.includes("short"), `sides: ${[...new Set(sides)]}`);
  assert.ok(sides.includes("long"));
  // The strategy's own switch is the same switch: the same run, found again.
  const viaParam = await hewston([...RUN.slice(0, -1), "--param", "allow_short=true", "--json"], {
    dataDir: dir,
  });
  assert.equal(viaParam.code, 0, viaParam.stderr);
  assert.deepEqual(
    [JSON.parse(viaParam.stdout).run_id, JSON.parse(viaParam.stdout).existed],
    [run.run_id, true],
  );
});
