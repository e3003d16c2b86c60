/**
 * Hewston's Parquet files open unchanged in DuckDB (the real engine, from its npm package,
 * run by Node): bars with `ts` as a UTC timestamp and every column with its type, and run
 * artifacts. Needs Node and npm (present on CI machines); DuckDB is installed into a temp dir.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { allocBars } from "../src/domain/bars.ts";
import { encodeBarsParquet } from "../src/store/bars_parquet.ts";

const DUCKDB = "@duckdb/node-api@1.4.2-r.1";

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

Deno.test("bars.parquet opens in DuckDB with the documented columns and exact values", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await run("npm", [
      "install",
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      DUCKDB,
    ], dir);
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
