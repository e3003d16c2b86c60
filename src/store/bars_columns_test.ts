import assert from "node:assert/strict";
import { join } from "node:path";
import { BAR_FIELDS, type Bars } from "../domain/bars.ts";
import { randomBars } from "../engine/testing/bar_fixtures.ts";
import { readBarsFile } from "./bars_cache.ts";
import {
  columnsPathFor,
  decodeBarsColumns,
  encodeBarsColumns,
  readBarsColumns,
} from "./bars_columns.ts";
import { encodeBarsParquet, readBarsParquet } from "./bars_parquet.ts";

/** Asserts every column of `a` and `b` holds the same bytes (NaN payloads included). */
function assertSameBytes(a: Bars, b: Bars): void {
  assert.equal(a.length, b.length);
  for (const f of BAR_FIELDS) {
    const x = a[f.key];
    const y = b[f.key];
    assert.equal(x.constructor, y.constructor, f.key);
    assert.deepEqual(
      new Uint8Array(x.buffer, x.byteOffset, x.byteLength),
      new Uint8Array(y.buffer, y.byteOffset, y.byteLength),
      f.key,
    );
  }
}

async function dataset(n = 2_001): Promise<string> {
  const dir = await Deno.makeTempDir();
  const bars = randomBars(n, 11);
  bars.bidMean[3] = NaN; // a minute without a quote
  const path = join(dir, "bars.parquet");
  await Deno.writeFile(path, await encodeBarsParquet(bars));
  return path;
}

Deno.test("the first load decodes bars.parquet and writes bars.columns; the next load reads the same bytes from it", async () => {
  const path = await dataset();
  const fromParquet = await readBarsParquet(path);
  assert.equal(await readBarsColumns(path), null);
  assertSameBytes(await readBarsFile(path), fromParquet);
  const fromColumns = await readBarsColumns(path);
  assert.ok(fromColumns, "bars.columns was written");
  assertSameBytes(fromColumns, fromParquet);
  assertSameBytes(await readBarsFile(path), fromParquet);
});

Deno.test("a columns file that is stale, damaged, truncated or a link is ignored and the Parquet bars are read", async () => {
  const path = await dataset();
  const columns = columnsPathFor(path);
  assert.equal(columns, join(path, "..", "bars.columns"));
  const expected = await readBarsParquet(path);
  await readBarsFile(path);
  const good = await Deno.readFile(columns);

  // bars.parquet replaced after the cache was written (another modification time).
  await Deno.utime(path, new Date(), new Date(Date.now() + 5_000));
  assert.equal(await readBarsColumns(path), null);
  assertSameBytes(await readBarsFile(path), expected); // and the cache is rewritten
  assert.ok(await readBarsColumns(path));

  const stamp = { size: (await Deno.stat(path)).size, mtime_ms: 1 };
  const fresh = encodeBarsColumns(expected, stamp);
  assert.ok(decodeBarsColumns(fresh.slice(), stamp));
  const damaged = fresh.slice();
  damaged[damaged.length - 100] ^= 1;
  assert.equal(decodeBarsColumns(damaged, stamp), null);
  assert.equal(decodeBarsColumns(fresh.slice(0, fresh.length - 8), stamp), null);
  assert.equal(decodeBarsColumns(fresh.slice(), { ...stamp, size: stamp.size + 1 }), null);
  assert.equal(decodeBarsColumns(new Uint8Array(good.length), stamp), null);

  const elsewhere = join(await Deno.makeTempDir(), "planted");
  await Deno.writeFile(elsewhere, await Deno.readFile(columns));
  await Deno.remove(columns);
  await Deno.symlink(elsewhere, columns);
  assert.equal(await readBarsColumns(path), null);
});

Deno.test("bars.columns views keep every column aligned whatever the bar count", () => {
  for (const n of [0, 1, 3, 4]) {
    const bars = randomBars(n, 5);
    const stamp = { size: 10, mtime_ms: 20 };
    const back = decodeBarsColumns(encodeBarsColumns(bars, stamp), stamp);
    assert.ok(back);
    assertSameBytes(back, bars);
  }
});

Deno.test("two bars Parquet files in one folder keep separate columns files", async () => {
  const dir = await Deno.makeTempDir();
  const a = join(dir, "a".repeat(64) + ".parquet");
  const b = join(dir, "b".repeat(64) + ".parquet");
  await Deno.writeFile(a, await encodeBarsParquet(randomBars(500, 1)));
  await Deno.writeFile(b, await encodeBarsParquet(randomBars(700, 2)));
  assertSameBytes(await readBarsFile(a), await readBarsParquet(a));
  assertSameBytes(await readBarsFile(b), await readBarsParquet(b));
  assertSameBytes((await readBarsColumns(a))!, await readBarsParquet(a));
  assertSameBytes((await readBarsColumns(b))!, await readBarsParquet(b));
  assert.notEqual(columnsPathFor(a), columnsPathFor(b));
});
