/**
 * @module
 * Turns the `--dbn PATH...` arguments (files or folders) into TRADES and TBBO file lists,
 * by reading each file's metadata header — not by trusting file names.
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
        if (e.isFile && DBN_FILE.test(e.name)) found.push(join(p, e.name));
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
