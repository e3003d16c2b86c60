import assert from "node:assert/strict";
import { PLAYBACK_DOC, withSchemas } from "../scripts/playback_doc.ts";

Deno.test("docs/playback.md carries the generated message schemas (run scripts/playback_doc.ts)", async () => {
  const doc = await Deno.readTextFile(PLAYBACK_DOC);
  assert.equal(doc, withSchemas(doc));
  for (const t of ["hello", "state", "frame", "hb", "end", "err"]) {
    assert.match(doc, new RegExp(`"const": "${t}"`));
  }
});
