import assert from "node:assert/strict";
import { progressBarLine, progressPlainLine, progressView } from "./progress.ts";

const P = { stage: "ingest", done: 1_500_000, total: 6_000_000, message: "trades.dbn.zst" };

Deno.test("progressBarLine() never reaches the last column, whatever the width", () => {
  for (const columns of [20, 40, 60, 80, 100, 132, 200]) {
    const line = progressBarLine(P, columns);
    assert.ok([...line].length <= columns - 1, `${columns}: ${line}`);
    assert.match(line, columns >= 30 ? /^[█░]+ {2}25% ingest/ : /^[█░]{10} {2}25%/);
  }
});

Deno.test("progressBarLine() gives the bar what the text leaves, 10 to 30 cells", () => {
  const bar = (columns: number) => progressBarLine(P, columns).match(/^[█░]+/)![0].length;
  assert.equal(bar(40), 10);
  assert.equal(bar(60), 19);
  assert.equal(bar(80), 30);
  assert.equal(bar(200), 30);
  assert.equal(
    progressBarLine({ stage: "derive", done: 1, total: 4 }, 80),
    "████████░░░░░░░░░░░░░░░░░░░░░░  25% derive    1/4",
  );
});

Deno.test("progressView() on a terminal redraws one line in place and erases it when done", () => {
  let out = "";
  const view = progressView({ tty: true, columns: () => 80, write: (t) => (out += t) });
  for (let i = 0; i <= 10; i++) view.update({ stage: "derive", done: i, total: 10 });
  view.done();
  assert.ok(!out.includes("\n"));
  const frames = out.split("\r\x1b[K");
  assert.equal(frames.length, 13); // "" + 11 frames + the final erase
  assert.equal(frames.at(-1), "");
  for (const f of frames) assert.ok([...f].length < 80, f);
});

Deno.test("progressView() off a terminal writes plain lines per stage and tenth, no escapes", () => {
  let out = "";
  const view = progressView({ tty: false, write: (t) => (out += t) });
  for (let i = 0; i <= 100; i++) view.update({ stage: "derive", done: i, total: 100 });
  view.update({ stage: "write", done: 0, total: 0 });
  view.done();
  const lines = out.trimEnd().split("\n");
  assert.equal(lines.length, 12);
  assert.equal(lines[0], "progress: derive 0% 0/100");
  assert.equal(lines[10], "progress: derive 100% 100/100");
  assert.equal(lines[11], "progress: write");
  assert.ok(!out.includes("\r") && !out.includes("\x1b"));
  assert.equal(progressPlainLine({ stage: "x", done: 1, total: 2 }), "progress: x 50% 1/2");
});
