import assert from "node:assert/strict";
import type { SeriesResponse } from "../api/playback_types.ts";
import { applyServerMessage, createPlaybackState, moveLocally } from "./create_playback_state.ts";
import { seriesFromResponse } from "./run_series.ts";

/** Ten 1-minute bars; fills at bars 2 (buy) and 6 (sell); equity 1000 + bar. */
function state() {
  const ts = Array.from({ length: 10 }, (_, i) => Date.UTC(2024, 0, 2, 14, 30 + i) / 1000);
  const r: SeriesResponse = {
    run_id: "r",
    symbol: "T",
    from_index: 0,
    to_index: 9,
    total_bars: 10,
    bars_per_year: 97_000,
    bars: {
      ts,
      open: ts.map(() => 1),
      high: ts.map(() => 1),
      low: ts.map(() => 1),
      close: ts.map(() => 1),
      volume: ts.map(() => 1),
    },
    curve: {
      equity: ts.map((_, i) => 1000 + i),
      drawdown: ts.map(() => 0),
      position: ts.map((_, i) => (i >= 2 && i < 6 ? 10 : 0)),
    },
    fills: {
      bar: [2, 6],
      ts: [ts[2], ts[6]],
      side: ["buy", "sell"],
      qty: [10, 10],
      price: [1, 1],
      fee: [0, 0],
      slippage: [0, 0],
    },
  };
  const s = createPlaybackState();
  s.data.value = seriesFromResponse(r);
  s.tradeExitBars.value = Int32Array.of(6);
  return s;
}

Deno.test("a frame moves the target and carries the server's figures for its last bar", () => {
  const s = state();
  applyServerMessage(s, {
    t: "frame",
    seq: 1,
    ts: "",
    i0: 0,
    i1: 4,
    ohlc: [],
    orders: [],
    equity: 2000,
    drawdown: 0,
    position: 10,
    dropped: 0,
  });
  assert.equal(s.target.value, 3);
  assert.equal(s.seekPending.value, false);
  // Not drawn yet: the stats follow the drawn bar, then take the frame's own equity.
  assert.equal(s.stats.value, null);
  s.pos.value = 3;
  assert.deepEqual(
    { ...s.stats.value!, ts: 0 },
    { ts: 0, equity: 2000, drawdown: 0, position: 10, fills: 1, trades: 0, bars: 4 },
  );
  s.pos.value = 7;
  assert.equal(s.stats.value!.equity, 1007);
  assert.equal(s.stats.value!.fills, 2);
  assert.equal(s.stats.value!.trades, 1);
});

Deno.test("a seek frame, a moved state and a local move ask for a rebuild; end stops", () => {
  const s = state();
  applyServerMessage(s, { t: "state", playing: true, speed: 600, pos: -1 });
  assert.equal(s.playing.value, true);
  assert.equal(s.speed.value, 600);
  assert.equal(s.seekPending.value, false);
  applyServerMessage(s, {
    t: "frame",
    seq: 2,
    ts: "",
    i0: 5,
    i1: 6,
    ohlc: [],
    orders: [],
    equity: null,
    drawdown: null,
    position: null,
    dropped: 0,
    seek: true,
  });
  assert.equal(s.target.value, 5);
  assert.equal(s.seekPending.value, true);
  s.seekPending.value = false;
  applyServerMessage(s, { t: "state", playing: false, speed: 600, pos: 8 });
  assert.equal(s.target.value, 8);
  assert.equal(s.seekPending.value, true);
  assert.equal(moveLocally(s, 99), 9);
  assert.equal(moveLocally(s, -5), 0);
  applyServerMessage(s, { t: "end" });
  assert.equal(s.ended.value, true);
  assert.equal(s.playing.value, false);
  applyServerMessage(s, { t: "err", code: "RANGE", msg: "pos outside the run" });
  assert.equal(s.error.value, "RANGE: pos outside the run");
});

Deno.test("an answer overtaken by a later local move leaves the playhead where the page put it", () => {
  const s = state();
  // The page stepped back to bar 4, then jumped to the fill at bar 6, before the server
  // answered the step: the step's answer (state + seek frame at 4) arrives stale.
  moveLocally(s, 4);
  moveLocally(s, 6);
  applyServerMessage(s, { t: "state", playing: false, speed: 120, pos: 4 }, true);
  applyServerMessage(s, {
    t: "frame",
    seq: 3,
    ts: "",
    i0: 4,
    i1: 5,
    ohlc: [],
    orders: [],
    equity: null,
    drawdown: null,
    position: 0,
    dropped: 0,
    seek: true,
  }, true);
  applyServerMessage(s, { t: "end" }, true);
  assert.equal(s.target.value, 6);
  assert.equal(s.ended.value, false);
  assert.equal(s.speed.value, 120);
  // The jump's own answer (not stale) confirms the same bar.
  applyServerMessage(s, { t: "state", playing: false, speed: 120, pos: 6 });
  assert.equal(s.target.value, 6);
  // Unanswered-or-not, an error is shown.
  applyServerMessage(s, { t: "err", code: "RANGE", msg: "x" }, true);
  assert.equal(s.error.value, "RANGE: x");
});
