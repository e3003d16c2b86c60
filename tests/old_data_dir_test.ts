/**
 * An upgraded user's data dir keeps working: manifests written before `schema_version`
 * (Hewston < 0.2.0) are read as version 1. The fixture is a real dataset manifest written by
 * that Hewston (DEMO 2024, built on the morning of 2026-11-30).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  datasetManifest,
  parseManifest,
  runInputsManifest,
  runManifest,
} from "../src/domain/manifests.ts";
import { hewston } from "./_hewston.ts";

const FIXTURE = new URL("./fixtures/dataset_manifest_v0.json", import.meta.url);

Deno.test("a real dataset manifest from before schema_version parses as version 1 with its facts unchanged", async () => {
  const text = await Deno.readTextFile(FIXTURE);
  const raw = JSON.parse(text);
  assert.equal("schema_version" in raw, false);
  const m = parseManifest(datasetManifest, text, "manifest.json");
  assert.equal(m.schema_version, 1);
  assert.equal(m.dataset_id, raw.dataset_id);
  assert.deepEqual(m.output_hashes, raw.output_hashes);
  assert.deepEqual(m.source, raw.source);
});

Deno.test("run manifests from before schema_version parse with their camelCase keys renamed", () => {
  const sha = (c: string) => c.repeat(64);
  const files = [{ name: "metrics.json", size: 10, sha256: sha("b") }];
  const m = parseManifest(
    runManifest,
    JSON.stringify({
      run_id: "0123456789abcdef",
      input_hash: sha("a"),
      files,
      manifest_hash: sha("c"),
      chain_prev: null,
    }),
    "manifest.json",
  );
  assert.equal(m.schema_version, 1);
  assert.deepEqual(m.files, files);
  const inputs = parseManifest(
    runInputsManifest,
    JSON.stringify({
      run_id: "0123456789abcdef",
      input_hash: sha("a"),
      config: { seed: 42 },
      dataset: {},
      calendar_version: "nasdaq-2000-2035.1",
      tz: "America/New_York",
      bars_per_year: 98000,
      code: { version: "0.1.0", codeHash: sha("d") },
      runtime: { deno: "2", v8: "13", typescript: "5" },
      dependencies: {},
      seed: 42,
      skipped_orders: {},
      dsr_inputs: { trials: 1, sharpeVariance: null, source: "catalog" },
    }),
    "run-manifest.json",
  );
  assert.deepEqual(inputs.code, { version: "0.1.0", code_hash: sha("d") });
  assert.deepEqual(inputs.dsr_inputs, { trials: 1, sharpe_variance: null, source: "catalog" });
});

Deno.test("a manifest from before schema_version that is still invalid says so in one line", () => {
  assert.throws(
    () => parseManifest(datasetManifest, JSON.stringify({ dataset_id: "x" }), "manifest.json"),
    /manifest\.json: written by Hewston before 0\.2\.0 and not readable: /,
  );
});

const RUN = [
  "backtest",
  "--symbol",
  "TEST",
  "--from",
  "2024-03-04",
  "--to",
  "2024-03-15",
  "--strategy",
  "sma_crossover",
  "--param",
  "fast=10",
  "--param",
  "slow=30",
  "--json",
];

Deno.test("hewston backtest runs on a data dir whose dataset manifest predates schema_version, with unchanged run ids", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const first = await hewston(RUN, { dataDir });
    assert.equal(first.code, 0, first.stderr);
    const runId = JSON.parse(first.stdout).run_id;
    const bars = join(dataDir, "derived", "bars");
    const [dataset] = [...Deno.readDirSync(bars)].filter((e) => e.isDirectory);
    const path = join(bars, dataset.name, "manifest.json");
    // Rewrite it as Hewston 0.1 wrote it: the real old manifest's keys, no schema_version.
    const { schema_version: _, ...old } = JSON.parse(await Deno.readTextFile(path));
    const fixtureKeys = Object.keys(JSON.parse(await Deno.readTextFile(FIXTURE))).sort();
    assert.deepEqual(Object.keys(old).sort(), fixtureKeys);
    await Deno.writeTextFile(path, JSON.stringify(old, null, 2) + "\n");

    const again = await hewston(RUN, { dataDir });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).run_id, runId);
    assert.equal(JSON.parse(again.stdout).existed, true);
    const fresh = await hewston([...RUN, "--fees-bps", "3"], { dataDir });
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.equal(JSON.parse(fresh.stdout).status, "DONE");
    assert.equal(JSON.parse(fresh.stdout).existed, false);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
