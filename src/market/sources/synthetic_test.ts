/**
 * @module
 * Tests of the synthetic source: determinism (same bytes for the same seed), independence of
 * each day from the requested range, calendar compliance, intraday shape, book and price
 * invariants, and validation.
 */

import type { Session } from "../calendar/mod.ts";
import type { SyntheticDay, SyntheticParams } from "./synthetic.ts";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { sessionsBetween } from "../calendar/mod.ts";
import { encodeDbn, openDbn, Schema } from "../dbn/mod.ts";
import {
  generateSynthetic,
  instrumentIdFor,
  syntheticDays,
  syntheticMetadata,
  syntheticParams,
} from "./synthetic.ts";

const PARAMS: SyntheticParams = {
  symbol: "DEMO",
  seed: 7,
  tradesPerDay: 2_000,
  startPrice: 100,
};
const TICK_RAW = 10_000_000n; // 0.01 in fixed-point 1e-9

const sha256 = (path: string) => createHash("sha256").update(Deno.readFileSync(path)).digest("hex");

/** Encodes one day's TBBO so two days can be compared byte for byte. */
function dayBytes(day: SyntheticDay): Uint8Array {
  const meta = syntheticMetadata("DEMO", day.date, day.date, 1);
  return encodeDbn({ ...meta, schema: Schema.TBBO }, [{ mbp1: day.tbbo }]);
}

function utcMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

Deno.test("generateSynthetic() writes identical files for the same seed and different ones otherwise", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const base = { symbol: "DEMO", from: "2024-03-04", to: "2024-03-06", tradesPerDay: 1_000 };
    const a = await generateSynthetic({ ...base, seed: 42, outDir: join(dir, "a") });
    const b = await generateSynthetic({ ...base, seed: 42, outDir: join(dir, "b") });
    const c = await generateSynthetic({ ...base, seed: 43, outDir: join(dir, "c") });
    const d = await generateSynthetic({
      ...base,
      symbol: "OTHER",
      seed: 42,
      outDir: join(dir, "d"),
    });
    assert.equal(a.days, 3);
    assert.equal(a.trades, b.trades);
    assert.equal(a.tradesPath, join(dir, "a", "DEMO.trades.dbn.zst"));
    assert.equal(a.tbboPath, join(dir, "a", "DEMO.tbbo.dbn.zst"));
    assert.equal(sha256(a.tradesPath), sha256(b.tradesPath));
    assert.equal(sha256(a.tbboPath), sha256(b.tbboPath));
    assert.notEqual(sha256(a.tbboPath), sha256(c.tbboPath));
    assert.notEqual(sha256(a.tbboPath), sha256(d.tbboPath));
    assert.deepEqual([...Deno.readDirSync(join(dir, "a"))].map((e) => e.name).sort(), [
      "DEMO.tbbo.dbn.zst",
      "DEMO.trades.dbn.zst",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("generateSynthetic() files decode with the DBN decoder to the generated days", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const progress: string[] = [];
    const res = await generateSynthetic({
      symbol: "DEMO",
      from: "2024-07-01",
      to: "2024-07-08", // Jul 3 closes early, Jul 4 is a holiday
      seed: 7,
      outDir: dir,
      tradesPerDay: 2_000,
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    const sessions = sessionsBetween("2024-07-01", "2024-07-08");
    assert.equal(res.days, 5);
    assert.deepEqual(progress, ["1/5", "2/5", "3/5", "4/5", "5/5"]);
    const days = [...syntheticDays(PARAMS, sessions)];
    assert.equal(res.trades, days.reduce((n, d) => n + d.trades.length, 0));
    const id = instrumentIdFor("DEMO", 7);

    for (
      const [path, schema] of [[res.tbboPath, Schema.TBBO], [
        res.tradesPath,
        Schema.TRADES,
      ]] as const
    ) {
      const reader = await openDbn(path, { expectSchema: schema });
      assert.deepEqual(reader.metadata, {
        version: 3,
        dataset: "XNAS.ITCH",
        schema,
        start: 1719792000000000000n,
        end: 1720483200000000000n,
        limit: 0n,
        stypeIn: 1,
        stypeOut: 0,
        tsOut: false,
        symbolCstrLen: 71,
        symbols: ["DEMO"],
        partial: [],
        notFound: [],
        mappings: [{
          rawSymbol: "DEMO",
          intervals: [{ startDate: "2024-07-01", endDate: "2024-07-09", symbol: String(id) }],
        }],
      });
      let n = 0;
      let prevRecv = 0n;
      for await (const b of reader.batches()) {
        const cols = schema === Schema.TBBO ? b.mbp1! : b.trades!;
        assert.ok(cols !== undefined);
        for (let i = 0; i < cols.length; i++, n++) {
          const recv = cols.tsRecv[i];
          const s = sessions.find((x) => utcMs(recv) >= x.openMs && utcMs(recv) < x.closeMs);
          assert.ok(s !== undefined && utcMs(cols.tsEvent[i]) >= s.openMs, `record ${n}`);
          assert.ok(recv > prevRecv);
          prevRecv = recv;
        }
      }
      assert.equal(n, res.trades);
    }
    // The files hold exactly the pure generator's days (same seed, symbol and density).
    const tbbo = [];
    for await (const b of (await openDbn(res.tbboPath)).batches()) tbbo.push(b.mbp1!);
    const meta = syntheticMetadata("DEMO", "2024-07-01", "2024-07-08", id);
    assert.deepEqual(
      encodeDbn({ ...meta, schema: Schema.TBBO }, tbbo.map((mbp1) => ({ mbp1 }))),
      encodeDbn({ ...meta, schema: Schema.TBBO }, days.map((d) => ({ mbp1: d.tbbo }))),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("syntheticDays() output is pinned by a fingerprint", () => {
  // Any change to the model or the PRNG changes every generated dataset: update on purpose.
  const params = { ...PARAMS, tradesPerDay: 500 };
  const days = [...syntheticDays(params, sessionsBetween("2024-03-04", "2024-03-05"))];
  const meta = syntheticMetadata("DEMO", "2024-03-04", "2024-03-05", instrumentIdFor("DEMO", 7));
  const bytes = encodeDbn({ ...meta, schema: Schema.TBBO }, days.map((d) => ({ mbp1: d.tbbo })));
  assert.deepEqual(days.map((d) => d.tbbo.length), [1404, 744]);
  assert.equal(instrumentIdFor("DEMO", 7), 663265918);
  assert.equal(
    createHash("sha256").update(bytes).digest("hex"),
    "bb67a89589041eba21be3549df3837f53f5e8d2b2a556dd992b558a112d9cdc4",
  );
  const t = days[0].tbbo;
  assert.deepEqual(
    [t.tsEvent[0], t.tsRecv[0], t.price[0], t.bidPx[0], t.askPx[0], t.size[0], t.side[0]],
    [
      1709562600504185706n,
      1709562600504191032n,
      295980000000n,
      295910000000n,
      295980000000n,
      100,
      66,
    ],
  );
});

Deno.test("syntheticDays() gives each day the same records whatever the range and order", () => {
  const wide = [...syntheticDays(PARAMS, sessionsBetween("2024-02-26", "2024-03-08"))];
  const one = [...syntheticDays(PARAMS, sessionsBetween("2024-03-05", "2024-03-05"))];
  const reversed = [
    ...syntheticDays(PARAMS, sessionsBetween("2024-03-04", "2024-03-06").reverse()),
  ];
  const mar5 = wide.find((d) => d.date === "2024-03-05")!;
  assert.deepEqual(dayBytes(one[0]), dayBytes(mar5));
  assert.deepEqual(dayBytes(reversed[1]), dayBytes(mar5));
  assert.notDeepEqual(dayBytes(wide[0]), dayBytes(wide[1]));
});

Deno.test("syntheticDays() puts every record inside its regular session and skips closed days", () => {
  // Thanksgiving week 2024: Thu 28 closed, Fri 29 closes 13:00 ET, then a weekend.
  const sessions = sessionsBetween("2024-11-25", "2024-12-03");
  const days = [...syntheticDays(PARAMS, sessions)];
  assert.deepEqual(days.map((d) => d.date), [
    "2024-11-25",
    "2024-11-26",
    "2024-11-27",
    "2024-11-29",
    "2024-12-02",
    "2024-12-03",
  ]);
  for (const [k, day] of days.entries()) {
    const s: Session = sessions[k];
    const t = day.tbbo;
    assert.ok(t.length > 0);
    for (let i = 0; i < t.length; i++) {
      assert.ok(
        utcMs(t.tsEvent[i]) >= s.openMs && utcMs(t.tsRecv[i]) < s.closeMs,
        `${day.date}#${i}`,
      );
    }
  }
  assert.ok(days[3].trades.length < days[2].trades.length);
});

Deno.test("syntheticDays() is busier in the first and last 30 minutes than at midday", () => {
  const sessions = sessionsBetween("2024-04-01", "2024-04-30");
  const perMinute = new Float64Array(390);
  for (const [k, day] of [...syntheticDays(PARAMS, sessions)].entries()) {
    for (let i = 0; i < day.trades.length; i++) {
      perMinute[Math.floor((utcMs(day.trades.tsEvent[i]) - sessions[k].openMs) / 60_000)]++;
    }
  }
  const mean = (a: number, b: number) => perMinute.slice(a, b).reduce((x, y) => x + y) / (b - a);
  const midday = mean(120, 270);
  assert.ok(mean(0, 30) > 2 * midday, `open ${mean(0, 30)} vs midday ${midday}`);
  assert.ok(mean(360, 390) > 1.6 * midday, `close ${mean(360, 390)} vs midday ${midday}`);
});

Deno.test("syntheticDays() quotes positive spreads on the 0.01 grid and trades inside them", () => {
  let atTouch = 0, total = 0;
  for (const day of syntheticDays(PARAMS, sessionsBetween("2024-06-03", "2024-06-07"))) {
    const t = day.tbbo;
    for (let i = 0; i < t.length; i++) {
      const [px, bid, ask] = [t.price[i], t.bidPx[i], t.askPx[i]];
      assert.equal(px % TICK_RAW, 0n);
      assert.equal(bid % TICK_RAW, 0n);
      assert.equal(ask % TICK_RAW, 0n);
      assert.ok(bid > 0n && ask > bid && px >= bid && px <= ask, `${day.date}#${i}`);
      assert.ok(t.bidSz[i] > 0 && t.askSz[i] > 0 && t.bidCt[i] > 0 && t.askCt[i] > 0);
      assert.ok(t.size[i] > 0);
      assert.ok(t.side[i] === 65 || t.side[i] === 66);
      if ((t.side[i] === 66 && px === ask) || (t.side[i] === 65 && px === bid)) atTouch++;
      total++;
    }
  }
  assert.ok(atTouch / total > 0.9, `${atTouch} of ${total} at the touch`);
});

Deno.test("syntheticDays() orders records by ts_recv and fills the fixed fields", () => {
  const id = instrumentIdFor("DEMO", 7);
  let prevRecv = 0n;
  for (const day of syntheticDays(PARAMS, sessionsBetween("2024-01-02", "2024-01-05"))) {
    const t = day.tbbo;
    for (let i = 0; i < t.length; i++) {
      assert.ok(t.tsRecv[i] > prevRecv);
      assert.ok(t.tsRecv[i] - BigInt(t.tsInDelta[i]) >= t.tsEvent[i]);
      assert.ok(i === 0 || t.sequence[i] > t.sequence[i - 1]);
      assert.ok(i === 0 || t.tsEvent[i] >= t.tsEvent[i - 1]);
      prevRecv = t.tsRecv[i];
    }
    assert.deepEqual(new Set(t.rtype), new Set([1]));
    assert.deepEqual(new Set(day.trades.rtype), new Set([0]));
    assert.deepEqual(new Set(t.publisherId), new Set([2]));
    assert.deepEqual(new Set(t.instrumentId), new Set([id]));
    assert.deepEqual(new Set(t.action), new Set([84]));
    assert.deepEqual(new Set(t.flags), new Set([128]));
    assert.deepEqual(new Set(t.depth), new Set([0]));
    assert.equal(day.trades.price, t.price);
  }
});

Deno.test("syntheticDays() averages about tradesPerDay trades on full sessions", () => {
  const counts = [...syntheticDays(PARAMS, sessionsBetween("2023-01-01", "2023-06-30"))]
    .map((d) => d.trades.length);
  const mean = counts.reduce((a, b) => a + b) / counts.length;
  assert.equal(counts.length, 124);
  assert.ok(Math.abs(mean / PARAMS.tradesPerDay - 1) < 0.1, `mean ${mean}`);
  assert.ok(Math.min(...counts) > 0.3 * PARAMS.tradesPerDay);
});

Deno.test("syntheticDays() clusters volatility: large minute moves follow large ones", () => {
  const absRet: number[] = [];
  for (const day of syntheticDays(PARAMS, sessionsBetween("2024-09-03", "2024-09-30"))) {
    const t = day.tbbo;
    let minute = -1, last = 0;
    for (let i = 0; i < t.length; i++) {
      const m = Math.floor(utcMs(t.tsEvent[i]) / 60_000);
      const mid = Number(t.bidPx[i] + t.askPx[i]);
      if (m !== minute) {
        if (minute >= 0 && m === minute + 1) absRet.push(Math.abs(Math.log(mid / last)));
        minute = m;
      }
      last = mid;
    }
  }
  const mu = absRet.reduce((a, b) => a + b) / absRet.length;
  let c0 = 0, c1 = 0;
  for (let i = 1; i < absRet.length; i++) {
    c0 += (absRet[i] - mu) ** 2;
    c1 += (absRet[i] - mu) * (absRet[i - 1] - mu);
  }
  assert.ok(c1 / c0 > 0.1, `lag-1 autocorrelation of |r| = ${c1 / c0}`);
});

Deno.test("instrumentIdFor() is stable per symbol and seed", () => {
  assert.equal(instrumentIdFor("DEMO", 7), instrumentIdFor("DEMO", 7));
  assert.notEqual(instrumentIdFor("DEMO", 7), instrumentIdFor("DEMO", 8));
  assert.notEqual(instrumentIdFor("DEMO", 7), instrumentIdFor("DEMP", 7));
});

Deno.test("syntheticMetadata() maps the symbol to its instrument id over the whole range", () => {
  const m = syntheticMetadata("DEMO", "2024-01-02", "2024-12-31", 1234);
  assert.equal(m.start, 1704153600000000000n);
  assert.equal(m.end, 1735689600000000000n);
  assert.deepEqual(m.mappings, [{
    rawSymbol: "DEMO",
    intervals: [{ startDate: "2024-01-02", endDate: "2025-01-01", symbol: "1234" }],
  }]);
  assert.equal(m.version, 3);
  assert.equal(m.dataset, "XNAS.ITCH");
});

Deno.test("generateSynthetic() rejects bad options with a one-line message", async () => {
  const base = {
    symbol: "DEMO",
    from: "2024-01-02",
    to: "2024-01-03",
    seed: 1,
    outDir: "/nonexistent",
  };
  const cases: [Record<string, unknown>, string][] = [
    [{ symbol: "../x" }, 'symbol "../x" must be 1-32 letters, digits, ".", "-" or "_"'],
    [{ from: "2024/01/02" }, 'date must be YYYY-MM-DD, got "2024/01/02"'],
    [{ seed: 1.5 }, "seed must be an integer, got 1.5"],
    [{ tradesPerDay: 0 }, "tradesPerDay must be an integer in 1..2000000, got 0"],
    [{ startPrice: 0 }, "startPrice must be between 1 and 100000, got 0"],
    [{ from: "2024-01-06", to: "2024-01-07" }, "no trading days between 2024-01-06 and 2024-01-07"],
  ];
  for (const [patch, message] of cases) {
    await assert.rejects(generateSynthetic({ ...base, ...patch }), {
      name: "ValidationError",
      message,
    });
  }
  assert.equal(syntheticParams(base).tradesPerDay, 8_000);
  assert.equal(syntheticParams(base).startPrice, 100);
});
