/**
 * @module
 * `hewston dbn` action: prints each file's records as JSON lines or CSV (or its metadata),
 * like Databento's own CLI. Timestamps are ns integers (as strings, exact) with an `_iso`
 * twin; prices are exact decimal strings, or floats with `--px number`.
 */
import type { DbnOptions } from "./dbn_command.ts";
import { csvLines, jsonLines, metadataToJson, openDbn } from "../market/dbn/mod.ts";

/** Runs `hewston dbn` with parsed options. */
export async function dbnAction(o: DbnOptions): Promise<number> {
  const { px, limit } = o;
  const out = Deno.stdout.writable.getWriter();
  const enc = new TextEncoder();
  let header: string | null = null;
  try {
    for (const file of o.files) {
      const reader = await openDbn(file);
      try {
        let buf = "";
        if (o.print === "metadata") {
          buf = JSON.stringify({ ...metadataToJson(reader.metadata), file }) + "\n";
        } else {
          const lines = o.format === "csv"
            ? csvLines(reader.batches(), { px, limit })
            : jsonLines(reader.batches(), { px, limit });
          let first = o.format === "csv";
          for await (const line of lines) {
            // One CSV header for files of the same schema, a new one when columns change.
            if (first) {
              first = false;
              if (line === header) continue;
              header = line;
            }
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
