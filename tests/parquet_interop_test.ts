/**
 * Hewston's Parquet files open unchanged in DuckDB (the real engine, from its npm package,
 * run by Node): bars with `ts` as a UTC timestamp and every column with its type, and a file
 * of every column kind the writer has (as run artifacts and sweep tables use them) with every
 * value. Needs Node and npm (present on CI machines); DuckDB is installed into a temp dir.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { allocBars } from "../src/domain/bars.ts";
import { encodeBarsParquet } from "../src/store/bars_parquet.ts";
import { writeParquet } from "../src/store/parquet_writer.ts";
import { plainColumns, sampleColumns } from "../src/store/testing/parquet_columns.ts";

const DUCKDB = "@duckdb/node-api@1.4.2-r.1";

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** Installs DuckDB's npm package into `dir` (npm's cache makes a second install quick). */
function installDuckDb(dir: string): Promise<string> {
  return run(
    "npm",
    ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", DUCKDB],
    dir,
  );
}

Deno.test("bars.parquet opens in DuckDB with the documented columns and exact values", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await installDuckDb(dir);
    const n = 390;
    const bars = allocBars(n);
    for (let i = 0; i < n; i++) {
      bars.ts[i] = Date.UTC(2024, 2, 8, 14, 30 + i);
      bars.open[i] = 100 + i / 100;
      bars.high[i] = bars.open[i] + 0.25;
      bars.low[i] = bars.open[i] - 0.25;
      bars.close[i] = bars.open[i] + 0.125;
      bars.volume[i] = 1000 + i;
      bars.vwap[i] = bars.open[i] + 0.0625;
      bars.tradeCount[i] = 7 + i;
      bars.bidMean[i] = i === 0 ? NaN : bars.close[i] - 0.005;
      bars.askMean[i] = i === 0 ? NaN : bars.close[i] + 0.005;
      bars.spreadMean[i] = i === 0 ? NaN : 0.01;
    }
    const file = join(dir, "bars.parquet");
    await Deno.writeFile(file, await encodeBarsParquet(bars));
    await Deno.writeTextFile(
      join(dir, "q.mjs"),
      `import { DuckDBInstance } from "@duckdb/node-api";
const con = await (await DuckDBInstance.create(":memory:")).connect();
const d = await con.runAndReadAll("DESCRIBE SELECT * FROM read_parquet('bars.parquet')");
const r = await con.runAndReadAll("SELECT count(*)::INT AS n, min(ts)::VARCHAR AS first, max(ts)::VARCHAR AS last, sum(trade_count)::BIGINT::VARCHAR AS trades, max(close) AS max_close, count(spread_mean) FILTER (WHERE isnan(spread_mean))::INT AS nan_spreads FROM read_parquet('bars.parquet')");
console.log(JSON.stringify({ columns: d.getRowObjectsJson().map((x) => x.column_name + ":" + x.column_type), stats: r.getRowObjectsJson()[0] }));
`,
    );
    const res = JSON.parse(await run("node", ["q.mjs"], dir));
    assert.deepEqual(res.columns, [
      "ts:TIMESTAMP WITH TIME ZONE",
      "open:DOUBLE",
      "high:DOUBLE",
      "low:DOUBLE",
      "close:DOUBLE",
      "volume:DOUBLE",
      "vwap:DOUBLE",
      "trade_count:UINTEGER",
      "bid_mean:DOUBLE",
      "ask_mean:DOUBLE",
      "spread_mean:DOUBLE",
    ]);
    assert.equal(res.stats.n, 390);
    assert.equal(res.stats.first, "2024-03-08 14:30:00+00");
    assert.equal(res.stats.last, "2024-03-08 20:59:00+00");
    assert.equal(res.stats.trades, String(390 * 7 + (389 * 390) / 2));
    assert.equal(res.stats.max_close, bars.close[389]);
    assert.equal(res.stats.nan_spreads, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file of every column kind opens in DuckDB with its types and every value", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await installDuckDb(dir);
    // More than three pages (20,480 rows each), strings in runs (dictionary indices as RLE and
    // bit-packed runs), NaN and ±Infinity, int64 at its extremes, uint32 above 2^31.
    const cols = sampleColumns(70_001, 17);
    await Deno.writeFile(join(dir, "all.parquet"), await writeParquet(cols));
    // Each column as one JSON list, in file order: doubles as JS numbers (exact), int64 and
    // ns timestamps as decimal text, non-finite doubles as text.
    await Deno.writeTextFile(
      join(dir, "q.mjs"),
      `import { DuckDBInstance } from "@duckdb/node-api";
const con = await (await DuckDBInstance.create(":memory:")).connect();
const src = "read_parquet('all.parquet', file_row_number = true)";
const d = await con.runAndReadAll("DESCRIBE SELECT * EXCLUDE (file_row_number) FROM " + src);
const cols = d.getRowObjectsJson().map((x) => [x.column_name, x.column_type]);
const out = {};
for (const [name, type] of cols) {
  const expr = type.startsWith("TIMESTAMP") ? "epoch_ns(" + name + ")::VARCHAR"
    : type === "BIGINT" ? name + "::VARCHAR"
    : type === "DOUBLE" ? "CASE WHEN isfinite(" + name + ") THEN " + name + " END"
    : name;
  const r = await con.runAndReadAll("SELECT list(" + expr + " ORDER BY file_row_number) AS v, list(CASE WHEN isfinite(" + (type === "DOUBLE" ? name : "0") + ") THEN NULL ELSE " + name + "::VARCHAR END ORDER BY file_row_number) AS odd FROM " + src);
  const row = r.getRowObjectsJson()[0];
  out[name] = { type, values: row.v, odd: row.odd };
}
console.log(JSON.stringify(out));
`,
    );
    const res = JSON.parse(await run("node", ["q.mjs"], dir));
    assert.deepEqual(
      Object.entries(res).map(([name, c]) => `${name}:${(c as { type: string }).type}`),
      [
        "ts:TIMESTAMP WITH TIME ZONE",
        "x:DOUBLE",
        "i32:INTEGER",
        "u32:UINTEGER",
        "i64:BIGINT",
        "side:VARCHAR",
        "word:VARCHAR",
        "note:VARCHAR",
        "flag:BOOLEAN",
      ],
    );
    const want = plainColumns(cols);
    for (const [name, c] of Object.entries(res)) {
      const { values, odd } = c as { values: unknown[]; odd: (string | null)[] };
      const got = values.map((v, i) => {
        if (name === "x") return v === null ? Number(odd[i]!.replace("inf", "Infinity")) : v;
        return name === "ts" || name === "i64" ? BigInt(v as string) : v;
      });
      // JSON cannot tell -0 from 0: compare doubles by value (NaN equal to NaN).
      const expected = name === "x"
        ? want[name].map((v) => (Object.is(v, -0) ? 0 : v))
        : want[name];
      assert.deepStrictEqual(got, expected, name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
