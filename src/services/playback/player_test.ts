import assert from "node:assert/strict";
import type { FrameMessage } from "../../domain/playback.ts";
import { IDLE_CLOSE_CODE, Player, type PlayerOptions } from "./player.ts";
import { FakeClock, RecordingSink, syntheticReplay } from "./testing/fakes.ts";

const STEP = 1000 / 30;

/** A player over `n` bars where speed s plays s bars per second (barsPerYear = 3600). */
function setup(n = 600, opts: PlayerOptions = {}) {
  const clock = new FakeClock();
  const sink = new RecordingSink(clock);
  const counters = { framesProduced: 0, framesSent: 0, framesDropped: 0 };
  const data = syntheticReplay(n);
  const player = new Player(data, sink, clock, { counters, ...opts });
  player.start();
  const ctrl = (cmd: "play" | "pause" | "seek" | "speed" | "step", extra = {}) =>
    player.handle({ t: "ctrl", cmd, ...extra });
  return { clock, sink, counters, data, player, ctrl };
}

/** Bars delivered by a list of frames, checked to join without gaps or repeats. */
function joined(frames: FrameMessage[]): number {
  for (let i = 1; i < frames.length; i++) assert.equal(frames[i].i0, frames[i - 1].i1);
  return frames.reduce((s, f) => s + f.ohlc.length, 0);
}

Deno.test("Player starts paused with hello and sends nothing until play", () => {
  const { clock, sink } = setup();
  assert.deepEqual(sink.of("hello")[0], {
    t: "hello",
    run_id: "synthetic",
    symbol: "TEST",
    bars: 600,
    fills: 60,
    from: "2024-01-02T14:30:00.000Z",
    to: new Date(Date.UTC(2024, 0, 2, 14, 30) + 599 * 60_000).toISOString(),
    speed: 60,
    playing: false,
    pos: -1,
    bars_per_year: 3600,
    frame_interval_ms: STEP,
  });
  clock.advance(4000);
  assert.equal(sink.of("frame").length, 0);
});

Deno.test("Player paces frames by the clock at ~30 per second with every bar once", () => {
  const { clock, sink, ctrl } = setup();
  ctrl("play"); // 60 bars per second
  clock.advance(1000.001);
  const frames = sink.of("frame");
  assert.ok(frames.length >= 29 && frames.length <= 31, `${frames.length} frames`);
  assert.equal(joined(frames), 60);
  assert.equal(frames[0].i0, 0);
  assert.deepEqual(frames.map((f) => f.seq), frames.map((_, i) => i + 1));
  const gaps = sink.messages.filter((m) => m.msg.t === "frame").map((m) => m.at)
    .map((t, i, a) => (i ? t - a[i - 1] : STEP));
  assert.ok(gaps.every((g) => Math.abs(g - STEP) < 1e-6), `on the 33.3 ms grid: ${gaps}`);
});

Deno.test("a late timer makes a bigger frame, never a slower playback", () => {
  const { clock, sink, ctrl } = setup();
  ctrl("play");
  clock.advance(1000, 250); // every timer fires 250 ms late
  const sent = sink.messages.filter((m) => m.msg.t === "frame");
  assert.ok(sent.length >= 3 && sent.length < 10, `${sent.length} frames`);
  // Each frame reaches exactly the bar due at the (late) time it went out: 60 bars/s.
  for (const m of sent) assert.equal((m.msg as FrameMessage).i1, Math.floor(m.at * 0.06));
  joined(sent.map((m) => m.msg as FrameMessage));
  assert.ok(sink.of("frame").every((f) => f.ohlc.length >= 15));
});

Deno.test("Player ends on time: the last bar at n / rate, then end", () => {
  const { clock, sink, ctrl, player } = setup(600);
  ctrl("speed", { val: 120 }); // 120 bars per second → 5 s
  ctrl("play");
  clock.advance(4990);
  assert.equal(sink.of("end").length, 0);
  clock.advance(20);
  const end = sink.messages.find((m) => m.msg.t === "end")!;
  assert.ok(end.at <= 5000 + 1e-6 && end.at >= 4999, `end at ${end.at}`);
  assert.equal(joined(sink.of("frame")), 600);
  assert.equal(sink.of("frame").at(-1)!.equity, 1599);
  assert.equal(player.playing, false);
  assert.equal(sink.closed, undefined, "a WebSocket session stays open after end");
});

Deno.test("pause stops frames, heartbeats go on, play resumes at the same bar", () => {
  const { clock, sink, ctrl } = setup();
  ctrl("play");
  clock.advance(500.001);
  ctrl("pause");
  const states = sink.of("state");
  assert.deepEqual(states.at(-1), { t: "state", playing: false, speed: 60, pos: 29 });
  assert.equal(sink.of("frame").at(-1)!.i1, 30);
  const frames = sink.of("frame").length;
  clock.advance(10_000);
  assert.equal(sink.of("frame").length, frames);
  assert.equal(sink.of("hb").length, 2, "hb at 5 s and 10 s");
  ctrl("play");
  clock.advance(100);
  const after = sink.of("frame").slice(frames);
  assert.equal(after[0].i0, 30);
  assert.equal(joined(sink.of("frame")), 36);
});

Deno.test("seek answers state, then a seek frame with just that bar; playing continues after it", () => {
  const { clock, sink, ctrl } = setup();
  ctrl("play");
  clock.advance(200);
  const mark = sink.messages.length;
  ctrl("seek", { pos: "2024-01-02T17:50:20Z" }); // bar 200 (+20 s)
  const [state, frame] = sink.messages.slice(mark).map((m) => m.msg);
  assert.deepEqual(state, { t: "state", playing: true, speed: 60, pos: 200 });
  assert.equal(frame.t, "frame");
  const f = frame as FrameMessage;
  assert.deepEqual([f.i0, f.i1, f.seek, f.equity, f.dropped], [200, 201, true, 1200, 0]);
  assert.equal(f.orders.length, 1, "the fill at bar 200");
  clock.advance(100);
  const next = sink.of("frame").filter((x) => x.i0 > 200);
  assert.equal(next[0].i0, 201);
  assert.equal(next[0].seek, undefined);
});

Deno.test("step moves by bars, pauses a playing session, and refuses leaving the run", () => {
  const { clock, sink, ctrl, player } = setup(50);
  ctrl("step", { val: 1 });
  assert.deepEqual(sink.of("frame").map((f) => [f.i0, f.seek]), [[0, true]]);
  ctrl("step", { val: 10 });
  ctrl("step", { val: -3 });
  assert.deepEqual(sink.of("frame").map((f) => f.i0), [0, 10, 7]);
  ctrl("play");
  clock.advance(100);
  ctrl("step", { val: 1 });
  assert.equal(player.playing, false);
  assert.equal(sink.of("state").at(-1)!.playing, false);
  const before = sink.of("frame").length;
  ctrl("step", { val: -1000 });
  ctrl("step", { val: 0.5 });
  assert.deepEqual(sink.of("err").map((e) => e.code), ["RANGE", "BAD_MESSAGE"]);
  assert.equal(sink.of("frame").length, before);
});

Deno.test("speed changes the pace from the current bar and refuses out-of-bounds values", () => {
  const { clock, sink, ctrl } = setup(6000);
  ctrl("play");
  clock.advance(1000.001); // 60 bars
  ctrl("speed", { val: 600 });
  clock.advance(1000.001); // 600 more
  assert.equal(joined(sink.of("frame")), 660);
  for (const val of [0, -1, 1e9, NaN, undefined]) ctrl("speed", { val });
  assert.deepEqual(sink.of("err").map((e) => e.code), Array(5).fill("BAD_SPEED"));
  assert.equal(sink.of("state").at(-1)!.speed, 600);
});

Deno.test("play at the end starts over with a seek frame at bar 0", () => {
  const { clock, sink, ctrl } = setup(30);
  ctrl("play");
  clock.advance(1000);
  assert.equal(sink.of("end").length, 1);
  ctrl("play");
  const f = sink.of("frame").at(-1)!;
  assert.deepEqual([f.i0, f.i1, f.seek], [0, 1, true]);
  clock.advance(1000);
  assert.equal(sink.of("end").length, 2);
});

Deno.test("a lagging sink gets coalesced frames counted in dropped, and no bar is lost", () => {
  const { clock, sink, ctrl, counters } = setup(6000);
  ctrl("play");
  clock.advance(200);
  const sent = sink.of("frame").length;
  sink.backlog = 1 << 20;
  clock.advance(500); // ~15 frames produced, none sent
  assert.equal(sink.of("frame").length, sent);
  sink.backlog = 0;
  clock.advance(STEP);
  const frames = sink.of("frame");
  const merged = frames[sent];
  assert.ok(merged.dropped >= 14, `dropped ${merged.dropped}`);
  assert.equal(joined(frames), frames.at(-1)!.i1, "contiguous from bar 0");
  assert.equal(counters.framesDropped, merged.dropped);
  assert.equal(counters.framesSent, frames.length);
  assert.equal(counters.framesProduced, counters.framesSent + counters.framesDropped);
});

Deno.test("drop-oldest keeps a coalesced frame bounded, and the clock never waits", () => {
  const { clock, sink, ctrl } = setup(100_000, { maxPendingBars: 100 });
  ctrl("speed", { val: 6000 }); // 6000 bars per second
  ctrl("play");
  sink.backlog = 1 << 20;
  clock.advance(2000);
  sink.backlog = 0;
  clock.advance(STEP);
  const frames = sink.of("frame");
  const last = frames.at(-1)!;
  assert.ok(last.ohlc.length <= 100 + 200, `${last.ohlc.length} bars`);
  assert.ok(last.i1 >= 12_000, "playback time went on while the client lagged");
  assert.ok(frames[0].i0 > 0, "the oldest bars were dropped");
});

Deno.test("pending bars are flushed at the end even while the sink lags", () => {
  const { clock, sink, ctrl } = setup(60);
  ctrl("play");
  sink.backlog = 1 << 20;
  clock.advance(2000);
  assert.equal(sink.of("end").length, 1);
  assert.equal(sink.of("frame").at(-1)!.i1, 60);
});

Deno.test("an idle paused session is closed; a playing one is not", () => {
  const { clock, sink, ctrl } = setup(100_000, { idleMs: 60_000 });
  ctrl("play");
  clock.advance(120_000);
  assert.equal(sink.closed, undefined);
  ctrl("pause");
  clock.advance(59_000);
  assert.equal(sink.closed, undefined);
  clock.advance(6_000);
  assert.deepEqual(sink.closed, { code: IDLE_CLOSE_CODE, reason: "idle timeout" });
  assert.equal(clock.pending, 0, "no timer left behind");
});

Deno.test("an SSE-style session plays at once from a bar, with frame ids, and closes at the end", () => {
  const { clock, sink } = setup(100, { playing: true, from: 40, closeAtEnd: true });
  clock.advance(2000);
  const frames = sink.messages.filter((m) => m.msg.t === "frame");
  assert.equal((frames[0].msg as FrameMessage).i0, 40);
  assert.ok(frames.every((m) => m.id === (m.msg as FrameMessage).i1));
  assert.equal(sink.of("end").length, 1);
  assert.deepEqual(sink.closed, { code: 1000, reason: "end" });
});

Deno.test("stop() ends the session once and clears its timers", () => {
  let closes = 0;
  const { clock, ctrl, player } = setup(100, { onClose: () => closes++ });
  ctrl("play");
  player.stop();
  player.stop();
  assert.equal(closes, 1);
  assert.equal(clock.pending, 0);
  ctrl("play");
  assert.equal(player.playing, false);
});

Deno.test("Player is the Streamer port's session: control() takes actions, close() ends it", () => {
  const { clock, sink, player } = setup(100);
  player.control({ action: "speed", val: 120 });
  player.control({ action: "seek", pos: 10 });
  player.control({ action: "play" });
  clock.advance(100);
  assert.deepEqual(sink.of("state").map((s) => [s.speed, s.pos, s.playing]), [
    [120, -1, false],
    [120, 10, false],
    [120, 10, true],
  ]);
  assert.equal(sink.of("frame").at(-1)!.i0 > 10, true);
  player.close();
  assert.equal(player.closed, true);
  assert.equal(sink.closed, undefined, "the port's close leaves the transport to its owner");
});
