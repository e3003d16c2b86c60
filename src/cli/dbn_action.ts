/**
 * @module
 * `hewston dbn` action: prints each file's metadata and records as JSON
 * lines, like Databento's own CLI. Timestamps are ns integers (as strings, exact) with an
 * `_iso` twin; prices are exact decimal strings, or floats with `--px number`.
 */
import type { DbnOptions } from "./dbn_command.ts";
import { jsonLines, metadataToJson, openDbn } from "../market/dbn/mod.ts";

/** Runs `hewston dbn` with parsed options. */
export async function dbnAction(o: DbnOptions): Promise<number> {
  const { px, limit } = o;
  const out = Deno.stdout.writable.getWriter();
  const enc = new TextEncoder();
  try {
    for (const file of o.files) {
      const reader = await openDbn(file);
      try {
        let buf = JSON.stringify({ metadata: metadataToJson(reader.metadata), file }) + "\n";
        if (!o.metadataOnly) {
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
