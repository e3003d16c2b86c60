import assert from "node:assert/strict";
import {
  decodeSeriesBinary,
  encodeSeriesBinary,
  SERIES_COLUMNS,
  type SeriesColumnArray,
} from "./series_binary.ts";

const SCALARS = {
  run_id: "r1",
  symbol: "DEMO",
  from_index: 5,
  to_index: 7,
  total_bars: 10,
  bars_per_year: 98_280,
};

function columns(n: number, m: number): Record<string, SeriesColumnArray> {
  const out: Record<string, SeriesColumnArray> = {};
  SERIES_COLUMNS.forEach(([name, type], c) => {
    const len = name.startsWith("fills.") ? m : n;
    out[name] = type === "f64"
      ? Float64Array.from({ length: len }, (_, i) => c * 1000 + i + 0.1)
      : type === "i32"
      ? Int32Array.from({ length: len }, (_, i) => 5 + i)
      : Int8Array.from({ length: len }, (_, i) => (i % 2 ? -1 : 1));
  });
  return out;
}

Deno.test("a binary series decodes to the same numbers, NaN included, each column aligned for in-place views", () => {
  const cols = columns(3, 3);
  (cols["curve.equity"] as Float64Array)[1] = NaN;
  (cols["bars.close"] as Float64Array)[2] = 1 / 3;
  (cols["fills.price"] as Float64Array)[0] = -0;
  const body = encodeSeriesBinary(SCALARS, cols);
  assert.deepEqual([...body.subarray(0, 4)], [0x48, 0x53, 0x45, 0x52]);
  const { header, columns: back } = decodeSeriesBinary(body.buffer);
  assert.equal(header.format, "hewston-series");
  assert.equal(header.version, 1);
  assert.deepEqual(
    { ...header, columns: undefined, format: undefined, version: undefined },
    { ...SCALARS, columns: undefined, format: undefined, version: undefined },
  );
  assert.deepEqual(header.columns.map((c) => [c.name, c.type]), SERIES_COLUMNS);
  for (const [name] of SERIES_COLUMNS) {
    assert.deepEqual(back[name], cols[name], name);
    assert.equal(back[name].buffer, body.buffer, `${name} is a view, not a copy`);
    assert.equal(back[name].byteOffset % 8, 0, name);
  }
  assert.ok(Object.is(back["fills.price"][0], -0));
  // The last column ends the body, give or take the padding of its alignment.
  const last = header.columns.at(-1)!;
  assert.ok(body.length - (last.offset + last.length) < 8);
});

Deno.test("a binary series of no bars and no fills is still a whole body", () => {
  const { header, columns: back } = decodeSeriesBinary(
    encodeSeriesBinary({ ...SCALARS, from_index: 3, to_index: 2 }, columns(0, 0)).buffer,
  );
  assert.equal(header.to_index, 2);
  for (const [name] of SERIES_COLUMNS) assert.equal(back[name].length, 0, name);
});

Deno.test("decodeSeriesBinary() refuses what is not a whole version-1 series", () => {
  const good = encodeSeriesBinary(SCALARS, columns(4, 2));
  assert.throws(() => decodeSeriesBinary(new TextEncoder().encode('{"run_id":1}').buffer), /magic/);
  assert.throws(() => decodeSeriesBinary(good.slice(0, 20).buffer), /header runs past/);
  assert.throws(() => decodeSeriesBinary(good.slice(0, good.length - 16).buffer), /does not fit/);
  const head = new TextDecoder().decode(
    good.subarray(8, 8 + new DataView(good.buffer).getUint32(4, true)),
  );
  const v2 = good.slice();
  v2.set(new TextEncoder().encode(head.replace('"version":1', '"version":2')), 8);
  assert.throws(() => decodeSeriesBinary(v2.buffer), /unknown format hewston-series v2/);
  assert.throws(
    () => encodeSeriesBinary(SCALARS, { ...columns(1, 1), "fills.bar": new Float64Array(1) }),
    /fills.bar: missing or not i32/,
  );
});
