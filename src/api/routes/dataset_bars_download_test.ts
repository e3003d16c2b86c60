/**
 * Specs of `GET /datasets/{id}/bars.parquet`, the route a `hewston worker --server` fetches a
 * dataset's bars from: the exact bytes the manifest's sha256 names, behind the server's token,
 * and never a file the catalog row or the request points outside the data dir.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256Hex } from "../../domain/hash.ts";
import { safeJoin } from "../../store/data_dir.ts";
import { routeTestApp } from "../testing/route_test_app.ts";

const TOKEN = "0123456789abcdef-bars";

Deno.test("GET /datasets/{id}/bars.parquet sends the bars file whose sha256 is its ETag and the manifest's", async () => {
  const app = await routeTestApp();
  try {
    const ds = await app.testDataset();
    const res = await app.call(`/datasets/${ds.datasetId}/bars.parquet`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/vnd.apache.parquet");
    const body = new Uint8Array(await res.arrayBuffer());
    const onDisk = await Deno.readFile(safeJoin(app.dir.root, ds.barsParquet[0]));
    assert.equal(res.headers.get("content-length"), String(onDisk.length));
    assert.deepEqual(body, onDisk);
    const detail = await (await app.call(`/datasets/${ds.datasetId}`)).json();
    const sha = detail.manifest.output_hashes.bars_parquet_sha256;
    assert.equal(sha256Hex(body), sha);
    assert.equal(res.headers.get("etag"), `"${sha}"`);
    const again = await app.call(`/datasets/${ds.datasetId}/bars.parquet`, {
      headers: { "If-None-Match": `"${sha}"` },
    });
    assert.equal(again.status, 304);
  } finally {
    await app.close();
  }
});

Deno.test("GET /datasets/{id}/bars.parquet needs the server's token when it has one", async () => {
  const app = await routeTestApp({ token: TOKEN });
  try {
    const ds = await app.testDataset();
    const path = `/datasets/${ds.datasetId}/bars.parquet`;
    const none = await app.call(path);
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error.code, "UNAUTHORIZED");
    const wrong = await app.call(path, {
      headers: { Authorization: "Bearer not-the-token-at-all" },
    });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    // The playback routes' ?token= form is not accepted here: a token in a URL ends up in logs.
    const query = await app.call(`${path}?token=${TOKEN}`);
    assert.equal(query.status, 401);
    await query.body?.cancel();
    const ok = await app.call(path, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 200);
    assert.ok((await ok.arrayBuffer()).byteLength > 0);
  } finally {
    await app.close();
  }
});

Deno.test("GET /datasets/{id}/bars.parquet never serves a file outside the dataset's bars", async () => {
  const app = await routeTestApp();
  const outside = await Deno.makeTempDir({ prefix: "hewston-outside-" });
  try {
    const ds = await app.testDataset();
    await Deno.writeTextFile(join(outside, "secret.parquet"), "secret");
    // Ids that try to walk out of the route name no dataset.
    for (
      const id of ["..%2F..%2Fcatalog.sqlite", "%2e%2e", "..%5C..%5Ccatalog.sqlite", "nope"]
    ) {
      const res = await app.call(`/datasets/${id}/bars.parquet`);
      assert.equal(res.status, 404, id);
      const body = await res.json();
      assert.ok(["DATASET_NOT_FOUND", "NOT_FOUND"].includes(body.error.code), id);
    }
    // A catalog row edited to point outside the data dir is refused, not followed.
    const db = app.deps.catalog.db;
    const original = ds.barsParquet[0];
    db.prepare("UPDATE datasets SET bars_parquet_json = ? WHERE dataset_id = ?")
      .run(JSON.stringify([`../../../../../../..${outside}/secret.parquet`]), ds.datasetId);
    const escaped = await app.call(`/datasets/${ds.datasetId}/bars.parquet`);
    assert.ok(escaped.status >= 400 && escaped.status < 500, String(escaped.status));
    assert.match((await escaped.json()).error.message, /^path escapes /);
    // A link planted in place of the bars file is refused too.
    db.prepare("UPDATE datasets SET bars_parquet_json = ? WHERE dataset_id = ?")
      .run(JSON.stringify([original]), ds.datasetId);
    const bars = safeJoin(app.dir.root, original);
    await Deno.remove(bars);
    await Deno.symlink(join(outside, "secret.parquet"), bars);
    const linked = await app.call(`/datasets/${ds.datasetId}/bars.parquet`);
    assert.equal(linked.status, 403);
    assert.equal((await linked.json()).error.code, "SYMLINK_REFUSED");
    // And a missing file is a clear 409, not a 500.
    await Deno.remove(bars);
    const missing = await app.call(`/datasets/${ds.datasetId}/bars.parquet`);
    assert.equal(missing.status, 409);
    assert.equal((await missing.json()).error.code, "DATASET_FILES_MISSING");
  } finally {
    await app.close();
    await Deno.remove(outside, { recursive: true });
  }
});
