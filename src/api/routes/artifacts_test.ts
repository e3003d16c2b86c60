import assert from "node:assert/strict";
import { sha256Hex } from "../../domain/hash.ts";
import { safeJoin } from "../../store/data_dir.ts";
import { artifactManifest, parquetPage } from "../schemas.ts";
import { routeTestApp } from "../testing/route_test_app.ts";

Deno.test("artifact routes serve a run's manifest and files, and nothing else", async (t) => {
  const app = await routeTestApp();
  try {
    const ds = await app.testDataset();
    const post = await app.call("/backtests", {
      method: "POST",
      json: {
        dataset_id: ds.datasetId,
        strategy_id: "sma_crossover",
        params: { fast: 5, slow: 20 },
      },
    });
    const id = (await post.json()).run_id as string;
    assert.equal((await app.finished(id)).status, "DONE");
    const base = `/backtests/${id}`;
    const manifest = artifactManifest.parse(await (await app.call(`${base}/artifacts`)).json());

    await t.step("GET /artifacts returns manifest.json with a URL per file", async () => {
      const onDisk = JSON.parse(
        await Deno.readTextFile(safeJoin(app.dir.backtests, id, "manifest.json")),
      );
      assert.deepEqual(manifest, {
        ...onDisk,
        files: onDisk.files.map((f: { name: string }) => ({
          ...f,
          url: `${base}/artifacts/${f.name}`,
        })),
        url: `${base}/artifacts/manifest.json`,
      });
      const viaRuns = await (await app.call(`/runs/${id}/artifacts`)).json();
      assert.equal(viaRuns.files[0].url, `/runs/${id}/artifacts/equity.parquet`);
    });

    await t.step(
      "GET /artifacts/{name} sends the file with its type, length and ETag",
      async () => {
        for (const f of manifest.files) {
          for (const seg of ["artifacts", "artifact"]) {
            const res = await app.call(`${base}/${seg}/${f.name}`);
            assert.equal(res.status, 200);
            const bytes = new Uint8Array(await res.arrayBuffer());
            assert.equal(sha256Hex(bytes), f.sha256);
            assert.equal(res.headers.get("content-length"), String(f.size));
            assert.equal(res.headers.get("etag"), `"${f.sha256}"`);
            assert.equal(
              res.headers.get("content-type"),
              f.name.endsWith(".parquet") ? "application/vnd.apache.parquet" : "application/json",
            );
          }
        }
        const metrics = await (await app.call(`${base}/artifacts/metrics.json`)).json();
        assert.equal(metrics.run_id, id);
        assert.equal(metrics.sharpe, app.deps.runs.getRunMetrics(id)!.sharpe);
        const cached = await app.call(`${base}/artifacts/trades.parquet`, {
          headers: {
            "if-none-match": `"${
              manifest.files.find((f: { name: string }) => f.name === "trades.parquet")!.sha256
            }"`,
          },
        });
        assert.equal(cached.status, 304);
        const self = await app.call(`${base}/artifacts/manifest.json`);
        assert.equal(self.headers.get("content-type"), "application/json");
        assert.equal((await self.json()).manifest_hash, manifest.manifest_hash);
      },
    );

    await t.step(
      "GET /artifacts/{name}?format=json pages a Parquet file as JSON rows",
      async () => {
        const res = await app.call(`${base}/artifacts/equity.parquet?format=json&limit=2`);
        assert.equal(res.status, 200);
        assert.deepEqual(parquetPage.parse(await res.json()), {
          name: "equity.parquet",
          columns: [
            { name: "ts", type: "timestamp" },
            { name: "equity", type: "float64" },
            { name: "cash", type: "float64" },
            { name: "position", type: "float64" },
            { name: "drawdown", type: "float64" },
          ],
          rows: [
            ["2024-01-02T14:30:00.000Z", 100000, 100000, 0, 0],
            ["2024-01-02T14:31:00.000Z", 100000, 100000, 0, 0],
          ],
          total: 1560,
          offset: 0,
          limit: 2,
        });
        const tail =
          await (await app.call(`${base}/artifact/equity.parquet?format=json&offset=1558&limit=10`))
            .json();
        assert.deepEqual(tail.rows.map((r: unknown[]) => r[0]), [
          "2024-01-05T20:58:00.000Z",
          "2024-01-05T20:59:00.000Z",
        ]);
        const json = await app.call(`${base}/artifacts/metrics.json?format=json`);
        assert.equal((await json.json()).run_id, id);
        const bad: [string, number, string][] = [
          [
            "equity.parquet?format=json&limit=10001",
            422,
            "query.limit: Too big: expected number to be <=10000",
          ],
          [
            "equity.parquet?format=csv",
            422,
            'query.format: Invalid input: expected "json"',
          ],
          ["equity.parquet?page=2", 422, "query: unknown field page"],
          [
            "run-manifest.json?format=json&offset=-1",
            422,
            "query.offset: Too small: expected number to be >=0",
          ],
        ];
        for (const [path, status, message] of bad) {
          const r = await app.call(`${base}/artifacts/${path}`);
          assert.equal(r.status, status, path);
          assert.equal((await r.json()).error.message, message);
        }
      },
    );

    await t.step("GET /artifacts/{name} refuses path tricks and unlisted names", async () => {
      const tricks = [
        "..%2F..%2Fcatalog.sqlite",
        "%2e%2e%2Fcatalog.sqlite",
        "%2Fetc%2Fpasswd",
        "a%5Cb",
        "x%00.json",
        ".hidden",
        "metrics.json..",
      ];
      for (const name of tricks) {
        const res = await app.call(`${base}/artifacts/${name}`);
        assert.equal(res.status, 400, name);
        const e = (await res.json()).error;
        assert.equal(e.code, "INVALID_ARTIFACT_NAME");
        assert.equal(
          e.message,
          `invalid artifact name ${
            JSON.stringify(decodeURIComponent(name))
          }: use a file name from the manifest`,
        );
      }
      // The URL parser resolves dot segments before routing: these never reach a file.
      for (const path of [`${base}/artifacts/..`, `${base}/artifacts/%2e%2e`]) {
        const res = await app.call(path);
        assert.equal(res.status, 404, path);
        assert.notEqual(res.headers.get("content-type"), "application/vnd.apache.parquet");
      }
      const unlisted = await app.call(`${base}/artifacts/catalog.sqlite`);
      assert.equal(unlisted.status, 404);
      assert.deepEqual(await unlisted.json(), {
        error: {
          code: "ARTIFACT_NOT_FOUND",
          message: `run ${id} has no artifact catalog.sqlite (it has manifest.json, ${
            manifest.files.map((f) => f.name).join(", ")
          })`,
        },
      });
    });

    await t.step("artifact routes answer 404 for unknown runs and 409 before DONE", async () => {
      const unknown = await app.call("/backtests/feedface/artifacts");
      assert.equal(unknown.status, 404);
      assert.equal((await unknown.json()).error.code, "RUN_NOT_FOUND");
      app.deps.runs.updateRun(id, { status: "RUNNING" });
      const running = await app.call(`${base}/artifacts/metrics.json`);
      assert.equal(running.status, 409);
      assert.deepEqual(await running.json(), {
        error: {
          code: "RUN_NOT_DONE",
          message: `run ${id} is RUNNING; artifacts exist once it is DONE`,
        },
      });
      app.deps.runs.updateRun(id, { status: "DONE" });
      await Deno.remove(safeJoin(app.dir.backtests, id), { recursive: true });
      const gone = await app.call(`${base}/artifacts`);
      assert.equal(gone.status, 404);
      assert.equal((await gone.json()).error.code, "ARTIFACTS_NOT_FOUND");
      const detail = await (await app.call(base)).json();
      assert.deepEqual(detail.artifacts, []);
    });
  } finally {
    await app.close();
  }
});
