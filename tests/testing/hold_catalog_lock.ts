/**
 * @module
 * A second process for tests: opens a catalog, takes SQLite's write lock (`BEGIN IMMEDIATE`),
 * prints `locked`, holds it for the given milliseconds (or, with `stdin`, until its standard
 * input closes: the test then decides when), commits, prints `released`.
 *
 *     deno run -A tests/testing/hold_catalog_lock.ts <catalog.sqlite> <ms | stdin>
 */
import { DatabaseSync } from "node:sqlite";

const [path, ms] = Deno.args;
const db = new DatabaseSync(path);
db.exec("PRAGMA busy_timeout = 10000");
db.exec("BEGIN IMMEDIATE");
console.log("locked");
if (ms === "stdin") {
  for await (const _ of Deno.stdin.readable) { /* held until the input ends */ }
} else await new Promise((r) => setTimeout(r, Number(ms)));
db.exec("COMMIT");
db.close();
console.log("released");
