/**
 * @module
 * A second process for tests: opens a catalog, takes SQLite's write lock (`BEGIN IMMEDIATE`),
 * prints `locked`, holds it for the given milliseconds, commits, prints `released`.
 *
 *     deno run -A tests/testing/hold_catalog_lock.ts <catalog.sqlite> <ms>
 */
import { DatabaseSync } from "node:sqlite";

const [path, ms] = Deno.args;
const db = new DatabaseSync(path);
db.exec("PRAGMA busy_timeout = 10000");
db.exec("BEGIN IMMEDIATE");
console.log("locked");
await new Promise((r) => setTimeout(r, Number(ms)));
db.exec("COMMIT");
db.close();
console.log("released");
