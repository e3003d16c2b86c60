import assert from "node:assert/strict";
import { readParquet } from "./parquet.ts";
import { PARQUET_METADATA_KEY, writeParquet } from "./parquet_writer.ts";

const METADATA: Record<string, string> = {
  sweep_id: "s",
  symbol: "DEMO",
  dataset_id: "ds",
  from: "2024-01-02",
  to: "2024-12-31",
  strategy: "sma_crossover",
  grid: '{"fast":[5,10]}',
  metric: "sharpe",
  blocks: "16",
  seed: "42",
  code_version: "0.2.0",
  code_hash: "abc",
};

async function sha(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(d, (x) => x.toString(16).padStart(2, "0")).join("");
}

Deno.test("writeParquet writes the same bytes every time for the same columns and metadata", async () => {
  const hashes = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const bytes = await writeParquet(
      [["a", { kind: "f64", values: new Float64Array([1, 2, 3]) }]],
      { metadata: METADATA },
    );
    hashes.add(await sha(bytes));
  }
  assert.equal(hashes.size, 1);
});

Deno.test("writeParquet keeps the metadata in the footer as one JSON object with sorted keys", async () => {
  const bytes = await writeParquet(
    [["a", { kind: "f64", values: new Float64Array([1]) }]],
    { metadata: { b: "2", a: "1" } },
  );
  const table = await readParquet(bytes);
  const json = table.schema.metadata.get(PARQUET_METADATA_KEY);
  assert.ok(json !== undefined, "the footer has the metadata key");
  assert.equal(json, '{"a":"1","b":"2"}');
  assert.equal(table.getChild("a")!.get(0), 1);
});
