/**
 * @module
 * The one line `hewston` prints for a command that failed. Deno's permission errors name
 * the flag to pass, which means nothing to someone running `./hewston`; they become
 * `cannot read FILE` / `cannot write FILE`.
 */
import { errorLine } from "../domain/errors.ts";

// Deno: `Requires read access to "/x", run again with the --allow-read flag` (NotCapable).
const NOT_CAPABLE = /Requires (read|write) access to "([^"]+)"/;
// The OS: `Permission denied (os error 13): open '/x'` (PermissionDenied).
const DENIED = /Permission denied \(os error \d+\)(?:: (\w+) '([^']+)')?/;
const WRITE_OPS = new Set(["mkdir", "rename", "remove", "write", "copy", "symlink", "truncate"]);

/**
 * One line for a failed command, with permission errors said plainly.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const err = new Deno.errors.NotCapable(
 *   'Requires read access to "/srv/a.dbn", run again with the --allow-read flag',
 * );
 * assert.equal(
 *   cliErrorLine(err),
 *   "cannot read /srv/a.dbn (not permitted: name it on the command line, or keep it in the data dir)",
 * );
 * ```
 */
export function cliErrorLine(err: unknown): string {
  const line = errorLine(err);
  const capable = line.match(NOT_CAPABLE);
  if (capable) {
    const [, kind, path] = capable;
    return kind === "read"
      ? `cannot read ${path} (not permitted: name it on the command line, or keep it in the data dir)`
      : `cannot write ${path} (not permitted: Hewston writes only inside the data dir)`;
  }
  const denied = line.match(DENIED);
  if (denied) {
    const [, op, path] = denied;
    if (!path) return `permission denied: ${line}`;
    return `cannot ${WRITE_OPS.has(op) ? "write" : "read"} ${path} (permission denied)`;
  }
  return line;
}
