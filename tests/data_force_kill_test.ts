/**
 * End-to-end spec of a forced rebuild killed half way: `hewston data --force` over a READY
 * dataset gets SIGKILL while its new bars are being built; the dataset stays READY with its
 * old files (built beside, swapped only at the end), and runs keep working on it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hewston, REPO } from "./_hewston.ts";

const ARGS = [
  "data",
  "--symbol",
  "TEST",
  "--from",
  "2024-01-02",
  "--to",
  "2024-06-28",
  "--synthetic",
];

function datasets(dir: string): { dataset_id: string; status: string; bars: string }[] {
  const db = new DatabaseSync(join(dir, "catalog.sqlite"), { readOnly: true });
  try {
    return db.prepare("SELECT dataset_id, status, bars_parquet_json AS bars FROM datasets")
      .all() as { dataset_id: string; status: string; bars: string }[];
  } finally {
    db.close();
  }
}

async function buildingExists(dir: string): Promise<boolean> {
  for await (const e of Deno.readDir(join(dir, "derived", "bars"))) {
    if (e.name.endsWith(".building")) return true;
  }
  return false;
}

Deno.test("hewston data --force killed mid-build leaves the READY dataset READY with its files", async () => {
  const dir = await Deno.makeTempDir();
  const first = await hewston(ARGS, { dataDir: dir });
  assert.equal(first.code, 0, first.stderr);
  const [before] = datasets(dir);
  assert.equal(before.status, "READY");

  const child = new Deno.Command(`${REPO}/hewston`, {
    args: [...ARGS, "--force"],
    env: { HEWSTON_DATA_DIR: dir, NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const deadline = Date.now() + 30_000;
  let seenBuilding = false;
  while (Date.now() < deadline) {
    if (await buildingExists(dir)) {
      seenBuilding = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill("SIGKILL");
  await child.status;
  assert.ok(seenBuilding, "the rebuild never started building");

  const [after] = datasets(dir);
  assert.equal(after.dataset_id, before.dataset_id);
  assert.equal(after.status, "READY");
  const parquet = join(dir, JSON.parse(after.bars)[0]);
  assert.ok((await Deno.stat(parquet)).size > 0);
  const run = await hewston(
    ["backtest", "--dataset", after.dataset_id, "--strategy", "sma_crossover"],
    { dataDir: dir },
  );
  assert.equal(run.code, 0, run.stderr);
  await Deno.remove(dir, { recursive: true });
});
