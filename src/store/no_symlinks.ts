/**
 * @module
 * Hewston never follows a symbolic link inside its data dir: a link planted in
 * `backtests/<id>/` or `derived/bars/` could make the server serve any file it can read, or
 * write through to any place it can write. Every path below the data dir root is checked
 * component by component with `lstat` before it is read for a client or written. (The root
 * itself may be a link: where the user keeps the data dir is the user's choice.)
 */
import { relative, sep } from "node:path";
import { HewstonError } from "../domain/errors.ts";

/**
 * Throws when `path`, or any folder between `root` and it, is a symbolic link. Components
 * that do not exist yet pass (nothing to follow).
 * @param root the data dir root
 * @param path an absolute path inside `root`
 * @throws {HewstonError} SYMLINK_REFUSED (403) naming the link relative to the root
 */
export async function refuseSymlinks(root: string, path: string): Promise<void> {
  const rel = relative(root, path);
  if (rel === "" || rel.startsWith("..")) return;
  let at = root;
  const parts = rel.split(sep);
  for (let i = 0; i < parts.length; i++) {
    at = at + sep + parts[i];
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(at);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return;
      throw err;
    }
    if (info.isSymlink) {
      throw new HewstonError(
        "SYMLINK_REFUSED",
        `${
          parts.slice(0, i + 1).join("/")
        } is a symbolic link; Hewston does not follow links inside its data dir`,
        { status: 403 },
      );
    }
  }
}
