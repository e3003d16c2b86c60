/**
 * End-to-end specs of playback on a real server (the real app on `Deno.serve`, 127.0.0.1,
 * a real catalog, a real run made by the real worker pool) with a real WebSocket client:
 * the series endpoint, the WebSocket protocol, the SSE fallback, backpressure, many and
 * closing clients, bad input, auth and run deletion.
 */
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { type FrameMessage, seriesResponse } from "../src/domain/playback.ts";
import { decodeSeriesBinary } from "../src/domain/series_binary.ts";
import { concatFrames, PlaybackClient } from "../src/api/testing/playback_client.ts";
import { RawWsClient } from "../src/api/testing/raw_ws_client.ts";
import { routeTestApp } from "../src/api/testing/route_test_app.ts";
import { numericColumn, readParquet } from "../src/store/parquet.ts";
import { readBarsParquet } from "../src/store/bars_parquet.ts";
import { safeJoin } from "../src/store/data_dir.ts";
import { SseReader } from "../src/api/testing/test_app.ts";
import { putRun } from "../src/api/testing/test_app.ts";

/** A served app with one DONE run on a 4-day TEST dataset (1,560 bars). */
async function fixture(over: Parameters<typeof routeTestApp>[0] = {}, from?: string) {
  const app = await routeTestApp(over);
  const ds = from
    ? (await app.deps.service.buildDataset({
      symbol: "TEST",
      from,
      to: "2024-12-31",
      source: { kind: "synthetic", seed: 1, tradesPerDay: 400 },
    })).dataset
    : await app.testDataset();
  const post = await app.call("/backtests", {
    method: "POST",
    headers: over.token ? { Authorization: `Bearer ${over.token}` } : {},
    json: { dataset_id: ds.datasetId, strategy_id: "sma_crossover", params: { fast: 5, slow: 20 } },
  });
  const runId = (await post.json()).run_id as string;
  assert.equal((await app.finished(runId)).status, "DONE");
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.app.fetch);
  const http = `http://127.0.0.1:${server.addr.port}`;
  const ws = http.replace("http:", "ws:");
  const bars = await readBarsParquet(safeJoin(app.dir.root, ds.barsParquet[0]));
  const folder = safeJoin(app.dir.backtests, runId);
  const equity = await readParquet(await Deno.readFile(safeJoin(folder, "equity.parquet")));
  const fills = await readParquet(await Deno.readFile(safeJoin(folder, "fills.parquet")));
  const metrics = JSON.parse(await Deno.readTextFile(safeJoin(folder, "metrics.json")));
  const perYear = JSON.parse(await Deno.readTextFile(safeJoin(folder, "run-manifest.json")))
    .bars_per_year as number;
  return {
    app,
    runId,
    http,
    ws,
    bars,
    equity,
    fills,
    metrics,
    perYear,
    /** The speed at which the whole run plays in `seconds`. */
    speedFor: (seconds: number) => (bars.length / seconds) * 3600 / perYear,
    async close() {
      await server.shutdown();
      await app.close();
    },
  };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

/** Opens a socket on the run and waits for hello. */
async function connect(f: Fixture, query = "", protocols?: string[]) {
  const c = new PlaybackClient(`${f.ws}/backtests/${f.runId}/ws${query}`, protocols);
  await c.opened();
  await c.nextOf("hello");
  return c;
}

/** Checks that frames hold exactly the run's bars from `first`, in order, and its fills. */
function assertWholeRun(f: Fixture, frames: FrameMessage[], first = 0) {
  const { ts, bars, orders } = concatFrames(frames);
  assert.equal(ts.length, f.bars.length - first);
  for (let i = 0; i < ts.length; i++) {
    const b = i + first;
    assert.deepEqual(bars[i], [
      f.bars.ts[b] / 1000,
      f.bars.open[b],
      f.bars.high[b],
      f.bars.low[b],
      f.bars.close[b],
      f.bars.volume[b],
    ]);
  }
  const fillBar = numericColumn(f.fills, "bar");
  const qty = numericColumn(f.fills, "qty");
  const price = numericColumn(f.fills, "price");
  const expected = [...fillBar].map((bar, k) => ({ bar, k })).filter((x) => x.bar >= first);
  assert.equal(orders.length, expected.length);
  assert.ok(orders.length > 0, "the run has fills");
  orders.forEach((o, j) => {
    const k = expected[j].k;
    assert.equal(o.bar, fillBar[k]);
    assert.equal(o.ts, new Date(f.bars.ts[o.bar]).toISOString());
    assert.equal(o.side, qty[k] > 0 ? "buy" : "sell");
    assert.equal(o.qty, Math.abs(qty[k]));
    assert.equal(o.price, price[k]);
  });
  const last = frames.at(-1)!;
  assert.equal(last.i1, f.bars.length);
  assert.equal(last.equity, f.metrics.final_equity);
  assert.equal(last.ts, new Date(f.bars.ts[f.bars.length - 1]).toISOString());
}

Deno.test("playback serves a DONE run's series and plays it over WebSocket and SSE", async (t) => {
  const f = await fixture();
  try {
    await t.step(
      "GET /series returns the whole run as columns equal to its artifacts",
      async () => {
        const res = await fetch(`${f.http}/backtests/${f.runId}/series`, {
          headers: { "Accept-Encoding": "identity" },
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-encoding"), null);
        const s = seriesResponse.parse(await res.json());
        assert.equal(s.from_index, 0);
        assert.equal(s.to_index, f.bars.length - 1);
        assert.deepEqual(s.bars.ts, Array.from(f.bars.ts, (v) => v / 1000));
        assert.deepEqual(s.bars.close, Array.from(f.bars.close));
        assert.deepEqual(s.curve.equity, Array.from(numericColumn(f.equity, "equity")));
        assert.deepEqual(s.curve.position, Array.from(numericColumn(f.equity, "position")));
        assert.deepEqual(s.curve.drawdown, Array.from(numericColumn(f.equity, "drawdown")));
        assert.deepEqual(s.fills.bar, Array.from(numericColumn(f.fills, "bar")));
        assert.deepEqual(s.fills.qty, Array.from(numericColumn(f.fills, "qty"), Math.abs));
        assert.equal(s.curve.equity.at(-1), f.metrics.final_equity);
        assert.equal(s.bars_per_year, f.perYear);
      },
    );

    await t.step(
      "GET /series?to=pos is the exact state up to a bar, by index or time",
      async () => {
        const pos = 700;
        const byIndex = seriesResponse.parse(
          await (await fetch(`${f.http}/runs/${f.runId}/series?to=${pos}`)).json(),
        );
        assert.equal(byIndex.bars.ts.length, pos + 1);
        assert.ok(byIndex.fills.bar.every((b) => b <= pos));
        const all = numericColumn(f.fills, "bar").filter((b) => b <= pos);
        assert.equal(byIndex.fills.bar.length, all.length);
        const iso = new Date(f.bars.ts[pos]).toISOString();
        const byTime = seriesResponse.parse(
          await (await fetch(`${f.http}/backtests/${f.runId}/series?from=10&to=${iso}`)).json(),
        );
        assert.equal(byTime.from_index, 10);
        assert.equal(byTime.to_index, pos);
        assert.deepEqual(byTime.curve.equity, byIndex.curve.equity.slice(10));
      },
    );

    await t.step("GET /series is compressed, tagged, cacheable and answers 304", async () => {
      const gz = await fetch(`${f.http}/backtests/${f.runId}/series`, {
        headers: { "Accept-Encoding": "br, gzip" },
      });
      assert.equal(gz.headers.get("content-encoding"), "gzip");
      const etag = gz.headers.get("etag")!;
      assert.match(etag, /^"series-[0-9a-f]+-0-1559-gzip"$/);
      assert.match(gz.headers.get("cache-control")!, /immutable/);
      assert.equal(gz.headers.get("vary"), "Accept, Accept-Encoding");
      seriesResponse.parse(await gz.json()); // fetch decodes gzip
      const brOnly = await fetch(`${f.http}/backtests/${f.runId}/series?to=5`, {
        headers: { "Accept-Encoding": "br" },
      });
      assert.equal(brOnly.headers.get("content-encoding"), null);
      await brOnly.body?.cancel();
      const raw = await fetch(`${f.http}/backtests/${f.runId}/series?to=99`, {
        headers: { "Accept-Encoding": "gzip" },
      });
      assert.equal(raw.headers.get("content-encoding"), "gzip");
      await raw.body?.cancel();
      const again = await fetch(`${f.http}/backtests/${f.runId}/series`, {
        headers: { "Accept-Encoding": "gzip", "If-None-Match": etag },
      });
      assert.equal(again.status, 304);
      await again.body?.cancel();
      // Decoded by hand: the bytes really are gzip.
      const res = await f.app.app.request(`/backtests/${f.runId}/series?to=9`, {
        headers: { "Accept-Encoding": "gzip" },
      });
      const s = seriesResponse.parse(JSON.parse(
        new TextDecoder().decode(gunzipSync(new Uint8Array(await res.arrayBuffer()))),
      ));
      assert.equal(s.bars.ts.length, 10);
    });

    await t.step(
      "GET /series in binary holds the JSON's columns number for number, read in place",
      async () => {
        const url = `${f.http}/backtests/${f.runId}/series`;
        for (const q of ["", "?from=100&to=999"]) {
          const json = seriesResponse.parse(
            await (await fetch(url + q, { headers: { "Accept-Encoding": "identity" } })).json(),
          );
          const asks: [string, Record<string, string>][] = [
            [q ? `${q}&format=binary` : "?format=binary", { "Accept-Encoding": "identity" }],
            [q, { Accept: "application/octet-stream", "Accept-Encoding": "gzip" }],
          ];
          for (const [query, headers] of asks) {
            const res = await fetch(url + query, { headers });
            assert.equal(res.status, 200);
            assert.equal(res.headers.get("content-type"), "application/octet-stream");
            const gzip = headers["Accept-Encoding"] === "gzip";
            assert.equal(res.headers.get("content-encoding"), gzip ? "gzip" : null);
            assert.match(res.headers.get("etag")!, gzip ? /-bin-gzip"$/ : /-bin-identity"$/);
            const { header, columns } = decodeSeriesBinary(await res.arrayBuffer());
            const { bars, curve, fills, ...scalars } = json;
            for (const [k, v] of Object.entries(scalars)) {
              assert.equal(header[k as keyof typeof header], v, k);
            }
            const paths: [string, (number | null)[]][] = [
              ...Object.entries(bars).map(([k, v]) => [`bars.${k}`, v] as [string, number[]]),
              ...Object.entries(curve).map(([k, v]) => [`curve.${k}`, v] as [string, number[]]),
              ["fills.bar", fills.bar],
              ["fills.ts", fills.ts],
              ["fills.qty", fills.qty],
              ["fills.price", fills.price],
              ["fills.fee", fills.fee],
              ["fills.slippage", fills.slippage],
              ["fills.side", fills.side.map((x) => (x === "buy" ? 1 : -1))],
            ];
            assert.equal(paths.length, Object.keys(columns).length);
            for (const [name, want] of paths) {
              assert.deepEqual(Array.from(columns[name]), want.map((x) => x ?? NaN), name);
            }
            assert.ok(json.fills.bar.length > 0 && json.bars.ts.length > 0);
          }
        }
        // Each form has its own tag: a JSON tag does not stand for the binary body.
        const jsonTag = (await fetch(url)).headers.get("etag")!;
        const bin = await fetch(url + "?format=binary", { headers: { "If-None-Match": jsonTag } });
        assert.equal(bin.status, 200);
        const binTag = bin.headers.get("etag")!;
        await bin.body?.cancel();
        const same = await fetch(url + "?format=binary", { headers: { "If-None-Match": binTag } });
        assert.equal(same.status, 304);
        await same.body?.cancel();
        const bad = await fetch(url + "?format=arrow");
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
      },
    );

    await t.step("GET /series refuses bad ranges, unknown and unfinished runs", async () => {
      const bad = await fetch(`${f.http}/backtests/${f.runId}/series?to=999999`);
      assert.equal(bad.status, 400);
      assert.equal((await bad.json()).error.code, "RANGE");
      const word = await fetch(`${f.http}/backtests/${f.runId}/series?from=yesterday`);
      assert.equal((await word.json()).error.code, "RANGE");
      const none = await fetch(`${f.http}/backtests/nope/series`);
      assert.equal(none.status, 404);
      assert.equal((await none.json()).error.code, "RUN_NOT_FOUND");
      putRun(f.app.deps, "queued-run", "QUEUED");
      const queued = await fetch(`${f.http}/backtests/queued-run/series`);
      assert.equal(queued.status, 409);
      assert.equal((await queued.json()).error.code, "RUN_NOT_DONE");
    });

    await t.step(
      "a WebSocket session says hello paused, then plays every bar and fill in order",
      async () => {
        const c = await connect(f);
        const hello = c.received[0].msg;
        assert.deepEqual(hello, {
          t: "hello",
          run_id: f.runId,
          symbol: "TEST",
          bars: f.bars.length,
          fills: f.fills.numRows,
          from: new Date(f.bars.ts[0]).toISOString(),
          to: new Date(f.bars.ts[f.bars.length - 1]).toISOString(),
          speed: 60,
          playing: false,
          pos: -1,
          bars_per_year: f.perYear,
          frame_interval_ms: 1000 / 30,
        });
        c.ctrl("speed", { val: f.speedFor(0.5) });
        c.ctrl("play");
        await c.nextOf("end");
        assert.deepEqual(c.received[1].msg, {
          t: "state",
          playing: false,
          speed: f.speedFor(0.5),
          pos: -1,
        });
        assert.deepEqual(c.received[2].msg, {
          t: "state",
          playing: true,
          speed: f.speedFor(0.5),
          pos: -1,
        });
        const frames = c.frames();
        assertWholeRun(f, frames);
        assert.deepEqual(frames.map((x) => x.seq), frames.map((_, i) => i + 1));
        assert.ok(frames.every((x) => x.dropped === 0 && x.seek === undefined));
        // Paced: ~15 frames over 0.5 s, not one burst. A busy machine sends fewer, fuller
        // frames over at least as long, so the spread in time is what is asserted.
        const arrivals = c.received.filter((r) => (r.msg as { t: string }).t === "frame")
          .map((r) => r.at);
        const spread = arrivals.at(-1)! - arrivals[0];
        assert.ok(frames.length >= 3, `${frames.length} frames`);
        assert.ok(spread >= 350, `frames spread over ${spread.toFixed(0)} ms`);
        await c.close();
      },
    );

    await t.step("the SSE fallback delivers the same bars, fills and final equity", async () => {
      const res = await fetch(
        `${f.http}/backtests/${f.runId}/stream?speed=${f.speedFor(0.5)}`,
      );
      assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
      const text = await new SseReader(res.body!).rest();
      assert.ok(text.startsWith("retry: 2000\n\n"));
      const events = text.split("\n\n").filter((e) => e.includes("data: "));
      assert.match(events[0], /^event: hello\ndata: \{"t":"hello"/);
      assert.match(events.at(-1)!, /^event: end\ndata: \{"t":"end"\}$/);
      const frames = events.filter((e) => e.includes("event: frame")).map((e) => {
        const [, id] = e.match(/^id: (\d+)\n/)!;
        const frame = JSON.parse(e.slice(e.indexOf("data: ") + 6)) as FrameMessage;
        assert.equal(Number(id), frame.i1);
        return frame;
      });
      assertWholeRun(f, frames);
    });

    await t.step("SSE resumes after Last-Event-ID without repeating a bar", async () => {
      const res = await fetch(`${f.http}/runs/${f.runId}/stream?speed=${f.speedFor(0.3)}`, {
        headers: { "Last-Event-ID": "1000" },
      });
      const text = await new SseReader(res.body!).rest();
      const frames = text.split("\n\n").filter((e) => e.includes("event: frame"))
        .map((e) => JSON.parse(e.slice(e.indexOf("data: ") + 6)) as FrameMessage);
      assert.equal(frames[0].i0, 1000);
      assertWholeRun(f, frames, 1000);
      const over = await fetch(`${f.http}/runs/${f.runId}/stream`, {
        headers: { "Last-Event-ID": String(f.bars.length) },
      });
      assert.equal(over.status, 204);
    });

    await t.step(
      "pause stops frames while heartbeats go on; play resumes at the same bar",
      async () => {
        const c = await connect(f);
        c.ctrl("speed", { val: f.speedFor(3) });
        c.ctrl("play");
        await c.next((m) => m.t === "frame" && m.i1 > 100);
        const before = c.received.length;
        c.ctrl("pause");
        const paused = await c.next((m) => m.t === "state" && !m.playing, before);
        assert.equal(paused.t, "state");
        const mark = c.received.length;
        const lastBefore = c.frames().at(-1)!;
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(c.frames(mark).length, 0, "no frame while paused");
        assert.equal((paused as { pos: number }).pos, lastBefore.i1 - 1);
        c.ctrl("play");
        const next = await c.nextOf<FrameMessage>("frame", mark);
        assert.equal(next.i0, lastBefore.i1);
        c.ctrl("pause");
        await c.close();
      },
    );

    await t.step(
      "seek snaps to the nearest bar and the next frame carries just that bar",
      async () => {
        const c = await connect(f);
        const target = f.bars.ts[500] + 20_000; // 20 s into bar 500: nearest is 500
        c.ctrl("seek", { pos: new Date(target).toISOString() });
        const state = await c.nextOf("state");
        assert.deepEqual(state, { t: "state", playing: false, speed: 60, pos: 500 });
        const frame = await c.nextOf<FrameMessage>("frame");
        assert.equal(frame.seek, true);
        assert.equal(frame.i0, 500);
        assert.equal(frame.i1, 501);
        assert.equal(frame.equity, numericColumn(f.equity, "equity")[500]);
        assert.equal(frame.position, numericColumn(f.equity, "position")[500]);
        c.ctrl("seek", { pos: 1200.4 });
        const second = await c.next<FrameMessage>((m) => m.t === "frame" && m.i0 === 1200);
        assert.equal(second.seek, true);
        // Playing on from the seek continues with the next bar.
        const mark = c.received.length;
        c.ctrl("play");
        const after = await c.nextOf<FrameMessage>("frame", mark);
        assert.equal(after.i0, 1201);
        assert.equal(after.seek, undefined);
        await c.close();
      },
    );

    await t.step("step moves by bars while paused (and pauses a playing session)", async () => {
      const c = await connect(f);
      c.ctrl("step", { val: 1 });
      const first = await c.nextOf<FrameMessage>("frame");
      assert.deepEqual([first.i0, first.i1, first.seek], [0, 1, true]);
      const mark = c.received.length;
      c.ctrl("step", { val: 5 });
      const fifth = await c.nextOf<FrameMessage>("frame", mark);
      assert.deepEqual([fifth.i0, fifth.i1], [5, 6]);
      const m2 = c.received.length;
      c.ctrl("step", { val: -1 });
      const back = await c.nextOf<FrameMessage>("frame", m2);
      assert.deepEqual([back.i0, back.i1], [4, 5]);
      const m3 = c.received.length;
      c.ctrl("play");
      await c.nextOf("frame", m3);
      c.ctrl("step", { val: 1 });
      const stepped = await c.next((m) => m.t === "state" && m.playing === false, m3);
      assert.equal(stepped.t, "state");
      await c.close();
    });

    await t.step("speed changes the pace", async () => {
      const c = await connect(f);
      const pace = async (seconds: number) => {
        const mark = c.received.length;
        c.ctrl("seek", { pos: 0 });
        c.ctrl("speed", { val: f.speedFor(seconds) });
        c.ctrl("play");
        await c.nextOf("state", mark);
        await new Promise((r) => setTimeout(r, 200));
        c.ctrl("pause");
        await c.next((m) => m.t === "state" && !m.playing, mark + 2);
        return c.frames(mark).at(-1)!.i1;
      };
      const slow = await pace(10); // 156 bars/s → ~31 bars in 200 ms
      const fast = await pace(1); // 10× faster
      assert.ok(fast > slow * 3, `fast ${fast} vs slow ${slow}`);
      assert.ok(slow > 10, `slow ${slow}`);
      await c.close();
    });

    await t.step("bad messages get err codes and the socket stays usable", async () => {
      const c = await connect(f);
      const errs = async (send: () => void) => {
        const mark = c.received.length;
        send();
        return await c.nextOf<{ t: "err"; code: string; msg: string }>("err", mark);
      };
      assert.equal((await errs(() => c.socket.send("{nope"))).code, "BAD_MESSAGE");
      assert.equal((await errs(() => c.ctrl("rewind"))).code, "UNKNOWN_CMD");
      assert.equal((await errs(() => c.ctrl("seek", { pos: 99_999 }))).code, "RANGE");
      assert.equal(
        (await errs(() => c.ctrl("seek", { pos: "2031-01-01T00:00:00Z" }))).code,
        "RANGE",
      );
      assert.equal((await errs(() => c.ctrl("speed", { val: 0 }))).code, "BAD_SPEED");
      assert.equal((await errs(() => c.ctrl("speed", { val: -5 }))).code, "BAD_SPEED");
      assert.equal((await errs(() => c.ctrl("step", { val: -1 }))).code, "RANGE");
      const mark = c.received.length;
      c.ctrl("seek", { pos: 3 });
      assert.equal((await c.nextOf<FrameMessage>("frame", mark)).i0, 3);
      await c.close();
    });

    await t.step(
      "unknown and unfinished runs get err and a close code; plain GET gets 426",
      async () => {
        for (
          const [id, code, close] of [["nope", "RUN_NOT_FOUND", 4404], [
            "queued-run",
            "RUN_NOT_DONE",
            4409,
          ]] as const
        ) {
          const c = new PlaybackClient(`${f.ws}/backtests/${id}/ws`);
          const err = await c.nextOf<{ t: "err"; code: string; msg: string }>("err");
          assert.equal(err.code, code);
          const closed = await c.whenClosed();
          assert.equal(closed.code, close);
          assert.equal(closed.reason, code);
        }
        const none = await fetch(`${f.http}/backtests/nope/ws`);
        assert.equal(none.status, 404);
        assert.equal((await none.json()).error.code, "RUN_NOT_FOUND");
        const plain = await fetch(`${f.http}/backtests/${f.runId}/ws`);
        assert.equal(plain.status, 426);
        assert.equal((await plain.json()).error.code, "UPGRADE_REQUIRED");
      },
    );

    await t.step(
      "a 10 MB message or a flood of controls closes the socket with a reason",
      async () => {
        const big = await connect(f);
        big.socket.send("x".repeat(10 * 1024 * 1024));
        const e1 = await big.whenClosed();
        assert.equal(e1.code, 1009);
        assert.equal(e1.reason, "message too big");
        const flood = await connect(f);
        for (let i = 0; i < 200; i++) flood.ctrl("pause");
        const e2 = await flood.whenClosed();
        assert.equal(e2.code, 1008);
        assert.equal(e2.reason, "too many control messages");
        // The server is unharmed.
        const ok = await connect(f);
        await ok.close();
      },
    );

    await t.step(
      "two clients play one run independently and a client may leave mid-stream",
      async () => {
        const a = await connect(f);
        const b = await connect(f);
        const gone = await connect(f);
        for (const c of [a, b, gone]) {
          c.ctrl("speed", { val: f.speedFor(0.6) });
          c.ctrl("play");
        }
        await gone.nextOf("frame");
        await gone.close();
        await Promise.all([a.nextOf("end"), b.nextOf("end")]);
        assertWholeRun(f, a.frames());
        assertWholeRun(f, b.frames());
        await Promise.all([a.close(), b.close()]);
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(f.app.deps.playback!.sessionCount, 0);
        assert.equal(f.app.deps.http.playbackSessionsWs, 0);
        assert.deepEqual(f.app.deps.playback!.cache.runIds, [f.runId]);
      },
    );

    await t.step("/metrics counts frames, sessions, disconnects and SSE streams", async () => {
      const text = await (await fetch(`${f.http}/metrics`)).text();
      const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, "m"))![1]);
      assert.ok(value("hewston_frames_sent_total") > 50);
      assert.ok(value("hewston_frames_produced_total") >= value("hewston_frames_sent_total"));
      assert.ok(value("hewston_playback_ws_disconnects_total") >= 8);
      // Two streams: the 204 answer to a finished resume opens none.
      assert.equal(value("hewston_playback_sse_streams_total"), 2);
      assert.match(text, /^hewston_playback_sessions\{transport="ws"\} 0$/m);
      assert.match(text, /^hewston_playback_sessions\{transport="sse"\} 0$/m);
    });

    await t.step("deleting the run ends its sessions with err and close 4404", async () => {
      const c = await connect(f);
      const del = await fetch(`${f.http}/backtests/${f.runId}`, { method: "DELETE" });
      assert.ok(del.status < 300);
      await del.body?.cancel();
      const err = await c.nextOf<{ t: "err"; code: string; msg: string }>("err", 0, 5000);
      assert.equal(err.code, "RUN_NOT_FOUND");
      const closed = await c.whenClosed();
      assert.equal(closed.code, 4404);
      assert.deepEqual(f.app.deps.playback!.cache.runIds, []);
    });
  } finally {
    await f.close();
  }
});

Deno.test("a slow client gets coalesced frames with dropped > 0 and the playback still ends on time", async () => {
  // Two years of minutes (~9 MB of frames): more than the loopback socket buffers hold (~4 MB).
  const f = await fixture({}, "2023-01-03");
  try {
    // A client that stops reading from its socket for 2.4 s of a 3 s playback: the kernel
    // buffers fill and the server's bufferedAmount rises. Then it reads on to the end.
    const seconds = 3;
    const client = await RawWsClient.connect(`${f.ws}/backtests/${f.runId}/ws`);
    assert.match((await client.next())!, /^\{"t":"hello"/);
    await client.send(JSON.stringify({ t: "ctrl", cmd: "speed", val: f.speedFor(seconds) }));
    await client.send('{"t":"ctrl","cmd":"play"}');
    const playAt = performance.now();
    await new Promise((r) => setTimeout(r, 2400));
    const frames: FrameMessage[] = [];
    let playToEndMs = 0;
    while (true) {
      const text = await client.next();
      assert.ok(text !== null, "the server closed early");
      const msg = JSON.parse(text);
      if (msg.t === "frame") frames.push(msg);
      if (msg.t === "end") {
        playToEndMs = performance.now() - playAt;
        break;
      }
    }
    client.close();
    const r = { frames, playToEndMs };
    const dropped = r.frames.reduce((s, x) => s + x.dropped, 0);
    assert.ok(dropped > 0, "frames were coalesced");
    assert.ok(f.app.deps.http.framesDropped > 0);
    // Coalescing may skip bars (drop-oldest), never repeat one; the last frame is the end.
    for (let i = 1; i < r.frames.length; i++) {
      assert.ok(r.frames[i].i0 >= r.frames[i - 1].i1);
    }
    assert.equal(r.frames.at(-1)!.i1, f.bars.length);
    assert.equal(r.frames.at(-1)!.equity, f.metrics.final_equity);
    // On time: the clock did not wait for the client (slack for reading the backlog on a
    // loaded machine).
    assert.ok(r.playToEndMs < seconds * 1000 + 1500, `ended after ${r.playToEndMs} ms`);
    assert.ok(r.playToEndMs > seconds * 1000 - 100, `ended after ${r.playToEndMs} ms`);
  } finally {
    await f.close();
  }
});

Deno.test("with a token, playback takes it as ?token= or a bearer subprotocol, and refuses none", async () => {
  const lines: string[] = [];
  const f = await fixture({
    token: "play-s3cret",
    log: (level, msg, fields) => lines.push(JSON.stringify({ level, msg, ...fields })),
  });
  try {
    const refused = await fetch(`${f.http}/backtests/${f.runId}/ws`, {
      headers: { Upgrade: "websocket" },
    });
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    const byQuery = await connect(f, "?token=play-s3cret");
    await byQuery.close();
    const byProtocol = await connect(f, "", ["hewston.v1", "bearer.play-s3cret"]);
    assert.equal(byProtocol.socket.protocol, "hewston.v1");
    await byProtocol.close();
    const sse = await fetch(`${f.http}/backtests/${f.runId}/stream?token=play-s3cret&speed=100000`);
    assert.equal(sse.status, 200);
    assert.match(await sse.text(), /event: end/);
    const series = await fetch(`${f.http}/backtests/${f.runId}/series?token=play-s3cret`);
    assert.equal(series.status, 401, "the query token is for WebSocket and SSE only");
    await series.body?.cancel();
    // The request log names the playback requests but never the token.
    assert.ok(lines.some((l) => l.includes(`/backtests/${f.runId}/ws`)));
    assert.ok(lines.every((l) => !l.includes("play-s3cret")), "the token is never logged");
  } finally {
    await f.close();
  }
});
