import assert from "node:assert/strict";
import { sha256Hex } from "../../src/domain/hash.ts";
import { SqliteCatalog } from "../../src/store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../../src/store/data_dir.ts";
import { WorkerBars } from "./worker_bars.ts";

const BARS = new TextEncoder().encode("PAR1 bars of a worker that has none PAR1".repeat(500));
const SHA = sha256Hex(BARS);

async function emptyWorkerDir() {
  const dir = resolveDataDir(await Deno.makeTempDir({ prefix: "hewston-worker-" }));
  await ensureDataDir(dir);
  return { dir, catalog: new SqliteCatalog(dir.catalog) };
}

Deno.test("a worker with an empty data dir fetches a dataset's bars once, then uses its cache", async () => {
  let requests = 0;
  const s = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    requests++;
    return new Response(BARS);
  });
  const { dir, catalog } = await emptyWorkerDir();
  const lines: string[] = [];
  try {
    const server = { url: `http://127.0.0.1:${s.addr.port}` };
    const bars = new WorkerBars({ dir, catalog, server, log: (l) => lines.push(l) });
    // Chunks of one dataset arriving together share one download.
    const paths = await Promise.all([1, 2, 3].map(() => bars.pathFor("ds-1", SHA)));
    assert.equal(new Set(paths).size, 1);
    assert.equal(paths[0], `${dir.root}/cache/bars/${SHA}/bars.parquet`);
    assert.deepEqual(await Deno.readFile(paths[0]), BARS);
    assert.equal(requests, 1);
    assert.match(lines[0], /^bars of ds-1 fetched from http:\/\/127\.0\.0\.1:\d+ \(20000 bytes, /);
    // A new worker process on the same data dir finds the cache and checks it.
    const next = new WorkerBars({ dir, catalog, server });
    assert.equal(await next.pathFor("ds-1", SHA), paths[0]);
    assert.equal(requests, 1);
    // A damaged cache file is dropped and fetched again.
    const damaged = BARS.slice();
    damaged[7] ^= 1;
    await Deno.writeFile(paths[0], damaged);
    const third = new WorkerBars({ dir, catalog, server, log: (l) => lines.push(l) });
    assert.equal(await third.pathFor("ds-1", SHA), paths[0]);
    assert.equal(requests, 2);
    assert.deepEqual(await Deno.readFile(paths[0]), BARS);
    assert.match(lines.join("\n"), /cached bars \w{12}… are damaged: dropped, fetching again/);
  } finally {
    catalog.close();
    await s.shutdown();
    await Deno.remove(dir.root, { recursive: true });
  }
});

Deno.test("a worker without --server refuses a dataset it lacks, saying how to fetch it", async () => {
  const { dir, catalog } = await emptyWorkerDir();
  try {
    const bars = new WorkerBars({ dir, catalog });
    await assert.rejects(bars.pathFor("ds-1", SHA), (e: Error & { code?: string }) => {
      assert.equal(e.code, "BARS_NOT_FOUND");
      assert.match(e.message, /^dataset ds-1 is not in this worker's data dir .*--server URL/);
      return true;
    });
    await assert.rejects(
      bars.pathFor("ds-1", "../../etc/passwd"),
      (e: Error & { code?: string }) => e.code === "BARS_MISMATCH",
    );
  } finally {
    catalog.close();
    await Deno.remove(dir.root, { recursive: true });
  }
});
