/**
 * Specs of the permission flags `scripts/launcher.bash` gives queue commands: the Redis host
 * from `--queue`, `--queue-file` or `HEWSTON_QUEUE` is reachable, the password never appears in
 * a flag, and `--allow-env` stays a list of names (the queue libraries' few added), never
 * unscoped — the launcher is run with `echo` in place of Deno, so the flags are printed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO } from "./_hewston.ts";

async function flags(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const dataDir = await Deno.makeTempDir({ prefix: "hewston-launch-" });
  try {
    const out = await new Deno.Command("bash", {
      args: [
        "-c",
        `. "${REPO}/scripts/launcher.bash"; hewston_launch echo "${REPO}" "${REPO}/main.ts" -- "$@"`,
        "launch",
        ...args,
      ],
      env: { HEWSTON_DATA_DIR: dataDir, ...env },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout).trim().split(" ");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

const flag = (all: string[], name: string) => all.find((f) => f.startsWith(`${name}=`)) ?? "";

Deno.test("queue commands get the Redis host from --queue, --queue-file or HEWSTON_QUEUE, never the password", async () => {
  const secrets = await Deno.makeTempDir({ prefix: "hewston-secrets-" });
  try {
    const file = join(secrets, "queue");
    await Deno.writeTextFile(file, "redis://:s3cret-pw@10.1.2.3:6390\n");
    const cases = [
      await flags(["worker", "--queue", "redis://:s3cret-pw@10.1.2.3:6390"]),
      await flags(["worker", "--queue-file", file]),
      await flags(["sweep", "--queue-file=" + file, "--dataset", "x"]),
      await flags(["worker"], { HEWSTON_QUEUE: "redis://:s3cret-pw@10.1.2.3:6390" }),
    ];
    for (const all of cases) {
      assert.match(flag(all, "--allow-net"), /,10\.1\.2\.3:6390(,|$)/, all.join(" "));
      const before = all.slice(0, all.indexOf(`${REPO}/main.ts`)).join(" ");
      assert.ok(!before.includes("s3cret"), before);
      const env = flag(all, "--allow-env").split("=")[1].split(",");
      assert.ok(!all.includes("--allow-env"), "unscoped --allow-env");
      for (const name of ["HEWSTON_QUEUE", "DEBUG", "NODE_ENV", "HEWSTON_TOKEN"]) {
        assert.ok(env.includes(name), `${name} in ${env}`);
      }
      assert.ok(!env.includes("HOME") && !env.includes("AWS_SECRET_ACCESS_KEY"));
    }
    // Without a queue, the queue libraries' names are not granted.
    const plain = flag(await flags(["backtest", "--dataset", "x"]), "--allow-env");
    assert.ok(!plain.split(",").includes("DEBUG"), plain);
  } finally {
    await Deno.remove(secrets, { recursive: true });
  }
});

Deno.test("a worker's --server host is reachable", async () => {
  const all = await flags([
    "worker",
    "--queue",
    "redis://10.1.2.3:6390",
    "--server",
    "http://10.9.8.7:8123/",
  ]);
  assert.match(flag(all, "--allow-net"), /,10\.9\.8\.7:8123(,|$)/);
});
