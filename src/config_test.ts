import assert from "node:assert/strict";
import { resolve } from "node:path";
import { loadConfig } from "./config.ts";
import { DATABENTO_BASE_URL } from "./domain/defaults.ts";

const env = (vars: Record<string, string>) => (k: string) => vars[k];
const KEY = "db-TESTKEY";

Deno.test("loadConfig() gives every documented default with no flags and no environment", () => {
  const c = loadConfig({}, env({}));
  assert.deepEqual(c, {
    dataDir: resolve("data"),
    host: "127.0.0.1",
    port: 8000,
    token: undefined,
    keep: 100,
    workers: navigator.hardwareConcurrency || 2,
    workerIdleSeconds: 60,
    logLevel: "info",
    corsOrigins: [],
    databento: null,
    queue: undefined,
  });
});

Deno.test("loadConfig() prefers the flag, then the environment, then the default", () => {
  const vars = env({
    HEWSTON_DATA_DIR: "/tmp/h-env",
    HEWSTON_KEEP: "7",
    HEWSTON_TOKEN: "env-token",
    HEWSTON_LOG_LEVEL: "warn",
    HEWSTON_QUEUE: " redis://:pw@10.0.0.5:6379 ",
  });
  const fromEnv = loadConfig({}, vars);
  assert.equal(fromEnv.queue, "redis://:pw@10.0.0.5:6379");
  assert.equal(loadConfig({ queue: "redis://h:1" }, vars).queue, "redis://h:1");
  assert.equal(fromEnv.dataDir, "/tmp/h-env");
  assert.equal(fromEnv.keep, 7);
  assert.equal(fromEnv.token, "env-token");
  assert.equal(fromEnv.logLevel, "warn");
  const fromFlags = loadConfig(
    { dataDir: "/tmp/h-flag", keep: 3, token: "flag-token", logLevel: "debug", port: 0 },
    vars,
  );
  assert.equal(fromFlags.dataDir, "/tmp/h-flag");
  assert.equal(fromFlags.keep, 3);
  assert.equal(fromFlags.token, "flag-token");
  assert.equal(fromFlags.logLevel, "debug");
  assert.equal(fromFlags.port, 0);
  // An empty token means none, as `--token ""` or `HEWSTON_TOKEN=` did before.
  assert.equal(loadConfig({}, env({ HEWSTON_TOKEN: "" })).token, undefined);
});

Deno.test("loadConfig() reads the Databento key and the URL override", () => {
  assert.equal(loadConfig({}, env({})).databento, null);
  assert.equal(loadConfig({}, env({ DATABENTO_API_KEY: "  " })).databento, null);
  assert.deepEqual(loadConfig({}, env({ DATABENTO_API_KEY: KEY })).databento, {
    apiKey: KEY,
    baseUrl: DATABENTO_BASE_URL,
    dataset: "XNAS.ITCH",
    maxDownloadBytes: 2048 * 1024 * 1024,
  });
  assert.deepEqual(
    loadConfig(
      {},
      env({ DATABENTO_API_KEY: KEY, HEWSTON_DATABENTO_URL: "http://127.0.0.1:8123/" }),
    ).databento,
    {
      apiKey: KEY,
      baseUrl: "http://127.0.0.1:8123",
      dataset: "XNAS.ITCH",
      maxDownloadBytes: 2048 * 1024 * 1024,
    },
  );
});

Deno.test("loadConfig() reads the Databento download cap in MB and names the variable of a bad one", () => {
  const cap = (v: string) =>
    loadConfig({}, env({ DATABENTO_API_KEY: KEY, HEWSTON_DATABENTO_MAX_MB: v })).databento
      ?.maxDownloadBytes;
  assert.equal(cap("1"), 1024 * 1024);
  assert.equal(cap("5000"), 5000 * 1024 * 1024);
  for (const bad of ["0", "-1", "1.5", "lots"]) {
    assert.throws(
      () => cap(bad),
      /^ValidationError: HEWSTON_DATABENTO_MAX_MB must be a whole number of MB/,
    );
  }
});

Deno.test("loadConfig() names the variable of a bad value", () => {
  for (const bad of ["-1", "1.5", "many", "2000000"]) {
    assert.throws(
      () => loadConfig({}, env({ HEWSTON_KEEP: bad })),
      new RegExp(
        `^ValidationError: HEWSTON_KEEP must be a whole number from 0 to 1000000, got "${
          bad.replace(".", "\\.")
        }"$`,
      ),
    );
  }
  assert.throws(
    () => loadConfig({}, env({ HEWSTON_LOG_LEVEL: "loud" })),
    /log level must be one of debug, info, warn, error, got "loud"/,
  );
});
