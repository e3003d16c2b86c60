/**
 * @module
 * `hewston dbn FILE... [--limit N] [--json]`: prints each file's metadata and records as JSON
 * lines, like Databento's own CLI. Timestamps are ns integers (as strings, exact) with an
 * `_iso` twin; prices are exact decimal strings, or floats with `--px number`.
 */
import { parseArgs } from "node:util";
import { ValidationError } from "../domain/errors.ts";
import { jsonLines, metadataToJson, openDbn } from "../market/dbn/mod.ts";

/** Usage text of `hewston dbn`. */
export const DBN_USAGE =
  `hewston dbn FILE... [--limit N] [--json] [--metadata] [--px decimal|number|raw]

Prints each DBN file (.dbn or .dbn.zst, versions 1-3) as JSON lines: first a line
{"metadata": …}, then one line per record.
  --limit N     at most N records per file
  --metadata    the metadata line only
  --px MODE     prices as exact decimal strings (default), floats, or raw 1e-9 integers
  --json        accepted for symmetry with other commands (output is always JSON lines)`;

/** Runs `hewston dbn`. */
export async function dbnCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      limit: { type: "string" },
      json: { type: "boolean" },
      metadata: { type: "boolean" },
      px: { type: "string", default: "decimal" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(DBN_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new ValidationError("hewston dbn needs at least one FILE");
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit >= 0) || (limit !== Infinity && !Number.isInteger(limit))) {
    throw new ValidationError(`--limit must be a whole number, got ${values.limit}`);
  }
  const px = values.px as "decimal" | "number" | "raw";
  if (!["decimal", "number", "raw"].includes(px)) {
    throw new ValidationError(`--px must be decimal, number or raw, got ${values.px}`);
  }
  const out = Deno.stdout.writable.getWriter();
  const enc = new TextEncoder();
  try {
    for (const file of positionals) {
      const reader = await openDbn(file);
      try {
        let buf = JSON.stringify({ metadata: metadataToJson(reader.metadata), file }) + "\n";
        if (!values.metadata) {
          for await (const line of jsonLines(reader.batches(), { px, limit })) {
            buf += line + "\n";
            if (buf.length > 1 << 16) {
              await out.write(enc.encode(buf));
              buf = "";
            }
          }
        }
        await out.write(enc.encode(buf));
      } finally {
        reader.close();
      }
    }
  } finally {
    await out.close().catch(() => {});
  }
  return 0;
}
