import assert from "node:assert/strict";
import { buildOpenApiDocument } from "../src/api/openapi.ts";
import { OPENAPI_YAML } from "./openapi.ts";
import { toYaml } from "./openapi_yaml.ts";

Deno.test("docs/api/openapi.yaml is the generated document (run scripts/openapi.ts)", async () => {
  assert.equal(await Deno.readTextFile(OPENAPI_YAML), toYaml(buildOpenApiDocument()));
});
