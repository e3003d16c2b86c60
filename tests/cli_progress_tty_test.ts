/**
 * @module
 * The progress bar under a real pseudo-terminal: `hewston data` runs inside a tmux pane
 * 80 columns wide, and the pane is captured while it works and after it ends.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { REPO } from "./_hewston.ts";
import { tempDir } from "./testing/temp_dir.ts";

const BAR = /[█░]/;

async function tmux(socket: string, args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", { args: ["-S", socket, ...args], stdin: "null" })
    .output();
  if (!out.success) throw new Error(`tmux ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

async function hasTmux(): Promise<boolean> {
  try {
    return (await new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" })
      .output()).success;
  } catch {
    return false;
  }
}

Deno.test("hewston data draws one progress line in place on an 80-column terminal and clears it", async () => {
  if (!(await hasTmux())) {
    console.warn("skipped: tmux is not installed (the progress bar needs a pseudo-terminal)");
    return;
  }
  const dir = await tempDir();
  // A private tmux server: nothing else's sessions are touched.
  const socket = join(await tempDir(), "tmux.sock");
  const command = `HEWSTON_DATA_DIR='${dir}' '${REPO}/hewston' data --symbol TEST ` +
    `--from 2024-01-02 --to 2024-06-28 --synthetic; echo "__exit=$?"; sleep 600`;
  await tmux(socket, ["new-session", "-d", "-s", "p", "-x", "80", "-y", "24", command]);
  try {
    let pane = "";
    let framesWithBar = 0;
    const deadline = Date.now() + 120_000;
    while (!pane.includes("__exit=")) {
      assert.ok(Date.now() < deadline, `no exit within 120 s:\n${pane}`);
      pane = await tmux(socket, ["capture-pane", "-p", "-t", "p", "-S", "-"]);
      const barLines = pane.split("\n").filter((l) => BAR.test(l));
      // Redrawn in place: never two bar lines on screen (a too-wide line would stack them).
      assert.ok(barLines.length <= 1, `stacked progress lines:\n${pane}`);
      if (barLines.length === 1) {
        framesWithBar++;
        assert.ok([...barLines[0].trimEnd()].length < 80, barLines[0]);
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    assert.ok(framesWithBar > 0, "the bar was never seen");
    assert.match(pane, /__exit=0/);
    assert.match(pane, /^dataset {2}TEST/m);
    assert.ok(!BAR.test(pane), `the bar was left behind:\n${pane}`);
    // Nothing but the summary and the exit line (wrapped rows joined): no progress residue.
    const joined = await tmux(socket, ["capture-pane", "-p", "-J", "-t", "p", "-S", "-"]);
    const lines = joined.split("\n").filter((l) => l.trim() !== "");
    assert.equal(lines.length, 8, joined);
  } finally {
    await tmux(socket, ["kill-server"]).catch(() => {});
    await Deno.remove(dirname(socket), { recursive: true }).catch(() => {});
  }
});
