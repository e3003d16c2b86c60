/**
 * @module
 * Lets the queue's libraries load under a scoped `--allow-env`. `debug` (ioredis's logger)
 * lists the whole environment when it loads (`Object.keys(process.env)`, for its `DEBUG_*`
 * options), which Deno allows only with an unscoped `--allow-env` — so a queue command would
 * see every secret in the environment. Imported before `bullmq`, this module makes
 * `process.env` list only {@link QUEUE_LIBRARY_ENV} (those that are set) and read any variable
 * the process may not see as unset instead of throwing; the launcher grants exactly those
 * names (`scripts/launcher.bash`), so nothing else is readable.
 */
import process from "node:process";

/**
 * The variables the queue's libraries read: `debug` (DEBUG, DEBUG_COLORS, DEBUG_DEPTH,
 * DEBUG_HIDE_DATE, DEBUG_SHOW_HIDDEN), bullmq (NODE_ENV, BULLMQ_TEST_PREFIX), msgpackr
 * (MSGPACKR_NATIVE_ACCELERATION_DISABLED), semver (NODE_DEBUG). ioredis itself reads none.
 */
export const QUEUE_LIBRARY_ENV: readonly string[] = [
  "DEBUG",
  "DEBUG_COLORS",
  "DEBUG_DEPTH",
  "DEBUG_HIDE_DATE",
  "DEBUG_SHOW_HIDDEN",
  "NODE_ENV",
  "BULLMQ_TEST_PREFIX",
  "MSGPACKR_NATIVE_ACCELERATION_DISABLED",
  "NODE_DEBUG",
];

const real = process.env;

function read(name: string): string | undefined {
  try {
    return real[name];
  } catch {
    return undefined; // not granted: as if unset
  }
}

// The target is an empty object, not the real environment: a proxy's invariant checks list
// its target's own keys, which is the enumeration this module exists to avoid.
process.env = new Proxy({} as typeof real, {
  get: (_target, key) => (typeof key === "string" ? read(key) : undefined),
  set: (_target, key, value) => {
    if (typeof key === "string") real[key] = value;
    return true;
  },
  deleteProperty: (_target, key) => {
    if (typeof key === "string") delete real[key];
    return true;
  },
  has: (_target, key) => typeof key === "string" && read(key) !== undefined,
  ownKeys: () => QUEUE_LIBRARY_ENV.filter((name) => read(name) !== undefined),
  getOwnPropertyDescriptor: (_target, key) => {
    const value = typeof key === "string" ? read(key) : undefined;
    return value === undefined
      ? undefined
      : { value, writable: true, enumerable: true, configurable: true };
  },
});
