/**
 * @module
 * Writes the OpenAPI document as YAML to `docs/api/openapi.yaml` (run after changing an
 * endpoint or a schema; a test fails while the file and the generated document differ).
 *
 *     scripts/deno run --allow-read --allow-write=docs/api scripts/openapi.ts
 */
import { buildOpenApiDocument } from "../src/api/openapi.ts";
import { toYaml } from "./openapi_yaml.ts";

/** Where the document is written, relative to the repository root. */
export const OPENAPI_YAML = new URL("../docs/api/openapi.yaml", import.meta.url);

if (import.meta.main) {
  await Deno.writeTextFile(OPENAPI_YAML, toYaml(buildOpenApiDocument()));
  console.log(`wrote ${OPENAPI_YAML.pathname}`);
}
