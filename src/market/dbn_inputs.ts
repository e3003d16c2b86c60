/**
 * @module
 * Turns the `--dbn PATH...` arguments (files or folders) into TRADES and TBBO file lists,
 * by reading each file's metadata header — not by trusting file names.
 *
 * A folder's entries may be symbolic links (a folder of links into a download area): a link
 * to a file is read like the file; a broken link, a link to something else, or a link whose
 * target this process may not read is an error naming the link and its target, never
 * skipped in silence (a dataset built from part of the files would look complete).
 */
import { join } from "node:path";
import { ValidationError } from "../domain/errors.ts";
import { openDbn } from "./dbn/mod.ts";
import { Schema } from "./dbn/types.ts";

const DBN_FILE = /\.dbn(\.zst)?$/;

/**
 * Expands folders (one level, sorted) and sorts files into trades and tbbo by schema.
 * @throws {ValidationError} for a missing path, a folder without DBN files, or a file whose
 * schema is neither trades nor tbbo
 */
export async function classifyDbnInputs(
  paths: string[],
): Promise<{ trades: string[]; tbbo: string[] }> {
  const files: string[] = [];
  for (const p of paths) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(p);
    } catch {
      throw new ValidationError(`--dbn: no such file or folder: ${p}`);
    }
    if (info.isDirectory) {
      const found: string[] = [];
      for await (const e of Deno.readDir(p)) {
        if (!DBN_FILE.test(e.name)) continue;
        if (e.isFile) found.push(join(p, e.name));
        else if (e.isSymlink) found.push(await linkedFile(join(p, e.name)));
      }
      if (found.length === 0) throw new ValidationError(`--dbn: no .dbn or .dbn.zst files in ${p}`);
      files.push(...found.sort());
    } else {
      files.push(p);
    }
  }
  const trades: string[] = [];
  const tbbo: string[] = [];
  for (const f of files) {
    const reader = await openDbn(f);
    const schema = reader.metadata.schema;
    reader.close();
    if (schema === Schema.TRADES) trades.push(f);
    else if (schema === Schema.TBBO) tbbo.push(f);
    else {
      throw new ValidationError(
        `${f}: schema ${
          schema ?? "mixed"
        } is neither trades nor tbbo (Hewston derives bars from TRADES + TBBO)`,
      );
    }
  }
  return { trades, tbbo };
}

/** `link` when it leads to a readable file; otherwise why it cannot be used. */
async function linkedFile(link: string): Promise<string> {
  const target = await Deno.readLink(link).catch(() => "?");
  let info: Deno.FileInfo;
  try {
    // Opened and stat'ed as the decoder will: Deno checks the link's target for the stat.
    const file = await Deno.open(link);
    try {
      info = await file.stat();
    } finally {
      file.close();
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new ValidationError(`--dbn: ${link} is a broken link (to ${target}, which is missing)`);
    }
    if (err instanceof Deno.errors.NotCapable || err instanceof Deno.errors.PermissionDenied) {
      throw new ValidationError(
        `--dbn: ${link} links to ${target}, outside what hewston may read (the paths on its command line, the data dir); pass the files themselves to --dbn`,
      );
    }
    throw err;
  }
  if (!info.isFile) {
    throw new ValidationError(`--dbn: ${link} links to ${target}, which is not a file`);
  }
  return link;
}
