/**
 * End-to-end spec of the wire vocabulary: every `--json` document the CLI prints parses with
 * the one strict schema the API shares (`src/domain/wire/`), and every key of it — and of the
 * manifests a run writes — is snake_case.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { z } from "zod";
import { hewston } from "./_hewston.ts";
import { datasetBuild } from "../src/domain/wire/datasets.ts";
import { backtestResult, runDetail, runList, verifyReport } from "../src/domain/wire/runs.ts";
import { sweepList, sweepResult } from "../src/domain/wire/sweeps.ts";
import { runInputsManifest, runManifest } from "../src/domain/manifests.ts";
import { tempDir } from "./testing/temp_dir.ts";

const SNAKE = /^[a-z0-9]+(_[a-z0-9]+)*$/;

/** Every key at any depth, with its path; `skip` names objects whose keys are data. */
function keys(value: unknown, path = "", skip = new Set<string>()): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keys(v, `${path}[${i}]`, skip));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => [
    `${path}.${k}`,
    ...(skip.has(k) ? [] : keys(v, `${path}.${k}`, skip)),
  ]);
}

function assertSnake(doc: unknown, what: string, skip = new Set<string>()) {
  for (const k of keys(doc, what, skip)) {
    assert.match(k.slice(k.lastIndexOf(".") + 1), SNAKE, k);
  }
}

async function json<S extends z.ZodType>(schema: S, args: string[], dataDir: string) {
  const r = await hewston([...args, "--json"], { dataDir });
  assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout);
  assertSnake(doc, args.join(" "));
  return schema.parse(doc) as z.output<S>;
}

Deno.test("every CLI --json document parses with its shared wire schema and is snake_case", async () => {
  const dir = await tempDir();
  const range = ["--symbol", "TEST", "--from", "2024-03-04", "--to", "2024-03-15"];
  const built = await json(datasetBuild, ["data", ...range, "--synthetic"], dir);
  const strategy = ["--strategy", "sma_crossover", "--param", "fast=5", "--param", "slow=20"];
  const run = await json(
    backtestResult,
    ["backtest", "--dataset", built.dataset.dataset_id, ...strategy, "--risk", "volatility_target"],
    dir,
  );
  const list = await json(runList, ["runs"], dir);
  assert.deepEqual(list.items.map((i) => i.run_id), [run.run_id]);
  const detail = await json(runDetail, ["runs", "show", run.run_id], dir);
  assert.equal(detail.run_id, run.run_id);
  assert.equal(detail.artifacts.length, 7);
  const report = await json(verifyReport, ["verify", run.run_id], dir);
  assert.equal(report.ok, true);
  const sweep = await json(
    sweepResult,
    [
      "sweep",
      "--dataset",
      built.dataset.dataset_id,
      "--strategy",
      "sma_crossover",
      "--grid",
      "fast=5,10",
      "--grid",
      "slow=20",
    ],
    dir,
  );
  assert.equal(sweep.members, 2);
  // `hewston sweeps` prints the document GET /sweeps answers.
  const sweeps = await json(sweepList, ["sweeps"], dir);
  assert.deepEqual(sweeps.items.map((i) => [i.sweep_id, i.status]), [[sweep.sweep_id, "DONE"]]);

  // The run's manifests parse with their strict schemas and are snake_case too.
  const folder = join(dir, "backtests", run.run_id);
  const rm = runInputsManifest.parse(
    JSON.parse(await Deno.readTextFile(join(folder, "run-manifest.json"))),
  );
  assertSnake(rm, "run-manifest.json", new Set(["dependencies"]));
  assert.equal((rm.config.risk as Record<string, unknown>).target_vol, 0.15);
  assertSnake(
    runManifest.parse(JSON.parse(await Deno.readTextFile(join(folder, "manifest.json")))),
    "manifest.json",
  );
});
