/**
 * @module
 * The command line as a user types it, through the real `./hewston` launcher (and, for
 * Deno's permission errors, through `deno run` with a narrower grant).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { hewston, REPO } from "./_hewston.ts";
import { tempDir } from "./testing/temp_dir.ts";

Deno.test("hewston accepts --order -sharpe and --data-dir before or after the command", async () => {
  const dir = await tempDir();
  const other = await tempDir();
  const after = await hewston(["runs", "--order", "-sharpe", "--json"], { dataDir: dir });
  assert.equal(after.code, 0, after.stderr);
  assert.equal(JSON.parse(after.stdout).total, 0);
  for (const argv of [["--data-dir", other, "prune"], ["prune", "--data-dir", other]]) {
    await Deno.remove(join(other, "catalog.sqlite")).catch(() => {});
    const r = await hewston(argv, { dataDir: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.ok((await Deno.stat(join(other, "catalog.sqlite"))).isFile, argv.join(" "));
  }
});

Deno.test("hewston exits 2 on a malformed command line and 1 when the command fails", async () => {
  const dir = await tempDir();
  const usage = await hewston(["runs", "--bogus"], { dataDir: dir });
  assert.equal(usage.code, 2);
  assert.equal(usage.stderr, "hewston: unknown option '--bogus' (see hewston runs --help)\n");
  const failure = await hewston(["runs", "show", "0000000000000000"], { dataDir: dir });
  assert.equal(failure.code, 1);
  assert.equal(failure.stderr, "hewston: run 0000000000000000 not found\n");
});

Deno.test("hewston --version prints the version, the code hash and the Deno version", async () => {
  const r = await hewston(["--version"], { dataDir: await tempDir() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^hewston \d+\.\d+\.\d+ \(code [0-9a-f]{64}, deno \d+\.\d+\.\d+\)\n$/);
});

Deno.test("hewston reads a file named as --csv=FILE", async () => {
  const dir = await tempDir();
  const src = await tempDir();
  const csv = join(src, "candles.csv");
  await Deno.writeTextFile(csv, "ts,open,high,low,close\n2024-03-08T14:30:00Z,1,1.5,0.5,1\n");
  const r = await hewston(
    ["data", "--symbol", "ACME", "--from", "2024-03-08", "--to", "2024-03-08", `--csv=${csv}`],
    { dataDir: dir },
  );
  assert.equal(r.code, 0, r.stderr);
});

Deno.test("hewston says 'cannot read FILE' when Deno's permissions refuse a file", async () => {
  const src = await tempDir();
  const file = join(src, "x.dbn");
  await Deno.writeFile(file, new Uint8Array(8));
  // The code is readable, the file is not: Deno raises NotCapable.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-prompt", `--allow-read=${REPO}`, "main.ts", "dbn", file],
    cwd: REPO,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 1);
  assert.equal(
    new TextDecoder().decode(out.stderr),
    `hewston: cannot read ${file} (not permitted: name it on the command line, or keep it in the data dir)\n`,
  );
});
