/**
 * End-to-end specs of the CLI's one application path: `hewston backtest` goes through the
 * run service the API uses — its runs write events, get retention, and a symbol with no
 * local data is downloaded from Databento when a key is set, as `POST /backtests` does.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hewston, SAMPLES, sampleTest } from "./_hewston.ts";
import { tempDir } from "./testing/temp_dir.ts";

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

function rows(dataDir: string, sql: string, ...args: string[]): Record<string, unknown>[] {
  const db = new DatabaseSync(join(dataDir, "catalog.sqlite"), { readOnly: true });
  try {
    return db.prepare(sql).all(...args).map((r) => ({ ...r }));
  } finally {
    db.close();
  }
}

Deno.test("hewston backtest records its run's events and applies retention, as the API does", async () => {
  const dir = await tempDir();
  const first = await hewston(RUN, { dataDir: dir, env: { HEWSTON_KEEP: "1" } });
  assert.equal(first.code, 0, first.stderr);
  const a = JSON.parse(first.stdout).run_id;
  const events = rows(dir, "SELECT kind, stage FROM events WHERE run_id = ? ORDER BY event_id", a);
  assert.deepEqual(events[0], { kind: "stage", stage: "queued" });
  assert.deepEqual(events.at(-1), { kind: "done", stage: "done" });
  const stages = events.filter((e) => e.kind === "stage").map((e) => e.stage);
  for (const s of ["load", "execution", "metrics", "artifacts"]) assert.ok(stages.includes(s), s);

  // A second run with HEWSTON_KEEP=1: retention removes the first one whole.
  const second = await hewston([...RUN.slice(0, -1), "--fees-bps", "2", "--json"], {
    dataDir: dir,
    env: { HEWSTON_KEEP: "1" },
  });
  assert.equal(second.code, 0, second.stderr);
  const b = JSON.parse(second.stdout).run_id;
  assert.notEqual(a, b);
  assert.deepEqual(rows(dir, "SELECT run_id FROM runs"), [{ run_id: b }]);
  // Its events are gone too, but for the one that tells live lists it was deleted.
  assert.deepEqual(rows(dir, "SELECT kind FROM events WHERE run_id = ?", a), [{ kind: "deleted" }]);
  assert.deepEqual([...Deno.readDirSync(join(dir, "backtests"))].map((e) => e.name), [b]);
});

sampleTest(
  "hewston backtest downloads a symbol from Databento with a key, as POST /backtests does",
  async (t) => {
    const samples = [
      await Deno.readFile(join(SAMPLES, "test_data.trades.v3.dbn.zst")),
      await Deno.readFile(join(SAMPLES, "test_data.tbbo.v3.dbn.zst")),
    ];
    const seen: Record<string, string>[] = [];
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      const form = Object.fromEntries(new URLSearchParams(await req.text()));
      seen.push({ path: new URL(req.url).pathname, ...form });
      return new Response(form.schema === "trades" ? samples[0] : samples[1]);
    });
    try {
      const dir = await tempDir();
      const r = await hewston([
        "backtest",
        "--symbol",
        "ESH1",
        "--from",
        "2020-12-28",
        "--to",
        "2020-12-28",
        "--strategy",
        "sma_crossover",
      ], {
        dataDir: dir,
        env: {
          DATABENTO_API_KEY: "db-TestKey0123456789abcdef",
          HEWSTON_DATABENTO_URL: `http://127.0.0.1:${server.addr.port}`,
        },
      });
      await t.step("the CLI asked Databento for the symbol's TRADES and TBBO", () => {
        assert.deepEqual(
          seen.map((s) => [s.path, s.dataset, s.schema, s.symbols, s.start]).sort(),
          [
            ["/v0/timeseries.get_range", "XNAS.ITCH", "tbbo", "ESH1", "2020-12-28"],
            ["/v0/timeseries.get_range", "XNAS.ITCH", "trades", "ESH1", "2020-12-28"],
          ],
          r.stderr,
        );
      });
      await t.step(
        "the downloads are in the raw cache and the dataset is in the catalog",
        async () => {
          const cached: string[] = [];
          for await (const e of Deno.readDir(join(dir, "raw", "databento", "XNAS.ITCH"))) {
            cached.push(e.name);
          }
          assert.deepEqual(cached.sort(), ["tbbo", "trades"]);
          const ds = rows(dir, "SELECT symbol, source_kind FROM datasets");
          assert.deepEqual(ds.map((d) => [d.symbol, d.source_kind]), [["ESH1", "databento"]]);
        },
      );
      // The samples trade before and after the regular session (a futures venue), so the
      // dataset the API would build has no bars: the command ends with that one-line reason.
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr.trim().split("\n").at(-1),
        "hewston: no ESH1 trades inside the regular session between 2020-12-28 and 2020-12-28",
      );
    } finally {
      await server.shutdown();
    }
  },
);

Deno.test("hewston data stops a Databento download past HEWSTON_DATABENTO_MAX_MB with one line, no partial file, no READY dataset", async () => {
  // A fake Databento that streams zstd-looking bytes without end, as fast as they are read.
  let sent = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    await req.text();
    let first = true;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        const chunk = new Uint8Array(64 * 1024);
        if (first) chunk.set([0x28, 0xb5, 0x2f, 0xfd]);
        first = false;
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    return new Response(body);
  });
  try {
    const dir = await tempDir();
    const r = await hewston(
      ["data", "--databento", "--symbol", "ESH1", "--from", "2020-12-28", "--to", "2020-12-28"],
      {
        dataDir: dir,
        env: {
          DATABENTO_API_KEY: "db-TestKey0123456789abcdef",
          HEWSTON_DATABENTO_URL: `http://127.0.0.1:${server.addr.port}`,
          HEWSTON_DATABENTO_MAX_MB: "2",
        },
      },
    );
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.match(
      lines.at(-1)!,
      /^hewston: Databento download of ESH1 trades 2020-12-28\.\.2020-12-29 is larger than the cap of 2 MB \(HEWSTON_DATABENTO_MAX_MB\); stopped at 2 MB and removed; narrow the date range or raise the cap$/,
    );
    assert.ok(sent < 32 * 1024 * 1024, `the fake server sent ${sent} bytes`);
    // Nothing under the final name, no `.part` file: the raw cache holds no file at all.
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of Deno.readDirSync(d)) {
        if (e.isDirectory) walk(join(d, e.name));
        else files.push(e.name);
      }
    };
    walk(join(dir, "raw"));
    assert.deepEqual(files, []);
    // The catalog names no READY dataset for the symbol and holds no BUILDING row.
    const ds = rows(dir, "SELECT status FROM datasets WHERE symbol = 'ESH1'");
    assert.ok(ds.every((d) => d.status === "ERROR"), JSON.stringify(ds));
  } finally {
    await server.shutdown();
  }
});
