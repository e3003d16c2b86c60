import assert from "node:assert/strict";
import { type CliActions, runCli } from "./program.ts";

/** Runs the CLI with actions that record their options instead of doing anything. */
async function parse(argv: string[], fail?: unknown) {
  const calls: { action: string; options: Record<string, unknown> }[] = [];
  const names = ["serve", "data", "dbn", "backtest", "sweep", "sweepsList", "runsList", "runsShow"];
  const actions = Object.fromEntries(
    [...names, "verify", "prune"].map((action) => [action, (options: Record<string, unknown>) => {
      calls.push({ action, options });
      return fail === undefined ? Promise.resolve(0) : Promise.reject(fail);
    }]),
  ) as unknown as CliActions;
  let out = "";
  let err = "";
  const code = await runCli(argv, actions, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err, call: calls[0] };
}

const RUN = ["--symbol", "DEMO", "--from", "2024-01-01", "--to", "2024-12-31"];

Deno.test("runCli() accepts values that start with '-' where a value is expected", async () => {
  const list = await parse(["runs", "--order", "-sharpe"]);
  assert.equal(list.code, 0, list.err);
  assert.equal(list.call.action, "runsList");
  assert.equal(list.call.options.order, "-sharpe");

  const bt = await parse([
    "backtest",
    ...RUN,
    "--strategy",
    "sma_crossover",
    "--param",
    "fast=-5",
    "--seed",
    "-3",
    "--fees-bps",
    "-1",
    "--k-spread",
    "-0.5",
  ]);
  assert.equal(bt.code, 0, bt.err);
  const run = bt.call.options.run as Record<string, unknown>;
  assert.deepEqual(run.params, { fast: -5 });
  assert.equal(run.seed, -3);
  assert.equal(run.feesBps, -1);
  assert.deepEqual(run.slippage, { model: "k_spread", k: -0.5 });
});

Deno.test("runCli() takes --data-dir and --json before or after the command name", async () => {
  for (
    const argv of [
      ["--data-dir", "/tmp/x", "--json", "prune", "--keep", "3"],
      ["prune", "--keep", "3", "--data-dir", "/tmp/x", "--json"],
      ["--json", "prune", "--data-dir=/tmp/x", "--keep=3"],
    ]
  ) {
    const r = await parse(argv);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.call.options, { dataDir: "/tmp/x", json: true, keep: 3, dryRun: false });
  }
  const show = await parse(["runs", "--json", "show", "abc"]);
  assert.deepEqual(show.call, {
    action: "runsShow",
    options: { dataDir: undefined, json: true, runId: "abc" },
  });
});

Deno.test("runCli() exits 2 with one line for every kind of malformed command line", async (t) => {
  const cases: [string, string[], RegExp][] = [
    ["unknown command", ["bogus"], /^hewston: unknown command 'bogus' \(see hewston --help\)$/],
    ["no command", [], /^hewston: missing command/m],
    [
      "unknown option",
      ["data", "--bogus"],
      /unknown option '--bogus' \(see hewston data --help\)$/,
    ],
    ["bad number", ["prune", "--keep", "x"], /--keep must be a whole number .*, got "x"/],
    ["missing value", ["runs", "--order"], /argument missing/],
    ["missing argument", ["verify"], /missing required argument 'run_id'/],
    ["too many arguments", ["verify", "a", "b"], /too many arguments/],
    ["bad choice", ["serve", "--log-level", "loud"], /--log-level allowed choices/],
    ["no source", ["data", ...RUN], /choose exactly one source.*\(see hewston data --help\)$/],
    [
      "no strategy",
      ["backtest", ...RUN],
      /--strategy is required.*\(see hewston backtest --help\)/,
    ],
    ["--json where there is none", ["--json", "serve"], /serve has no --json output/],
    ["bad JSON", ["backtest", ...RUN, "--strategy", "s", "--validation", "{"], /must be JSON/],
  ];
  for (const [name, argv, re] of cases) {
    await t.step(name, async () => {
      const r = await parse(argv);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.call, undefined);
      const last = r.err.trimEnd().split("\n").at(-1)!;
      assert.match(last, /^hewston: /);
      assert.match(name === "no command" ? r.err : last, re);
      if (name !== "no command") assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
    });
  }
});

Deno.test("runCli() exits 1 when the command fails, with the whole message on one line", async () => {
  const r = await parse(["runs", "show", "abc"], new Error("first line\n  second line"));
  assert.equal(r.code, 1);
  assert.equal(r.err, "hewston: first line second line\n");
});

Deno.test("runCli() gives every command its own help with examples", async () => {
  const helps = new Map<string, string>();
  for (
    const cmd of ["serve", "data", "dbn", "backtest", "sweep", "runs", "verify", "prune"]
  ) {
    const r = await parse([cmd, "--help"]);
    assert.equal(r.code, 0);
    assert.equal(r.call, undefined);
    assert.match(r.out, new RegExp(`^Usage: hewston ${cmd} `));
    assert.match(r.out, /\nExamples:\n {2}hewston /);
    helps.set(cmd, r.out);
  }
  assert.notEqual(helps.get("runs"), helps.get("verify"));
  assert.equal(new Set(helps.values()).size, helps.size);
  const top = await parse(["--help"]);
  assert.equal(top.code, 0);
  for (const cmd of helps.keys()) assert.match(top.out, new RegExp(`\n {2}${cmd} `));
});

Deno.test("runCli() --version prints the version, the code hash and the Deno version", async () => {
  const r = await parse(["--version"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /^hewston \d+\.\d+\.\d+ \(code [0-9a-f]{64}, deno \d+\.\d+\.\d+\)\n$/);
  assert.ok(r.out.includes(`deno ${Deno.version.deno})`));
});
