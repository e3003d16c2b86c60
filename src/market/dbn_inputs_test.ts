/**
 * Specs of `--dbn` folder expansion when the folder's entries are symbolic links.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { classifyDbnInputs } from "./dbn_inputs.ts";

const outside = await Deno.makeTempDir();
const links = await Deno.makeTempDir();
await Deno.writeFile(join(outside, "t.dbn"), new Uint8Array([0x44, 0x42, 0x4e, 1]));
await Deno.symlink(join(outside, "t.dbn"), join(links, "t.dbn"));
const folderLinks = await Deno.makeTempDir();
await Deno.symlink(outside, join(folderLinks, "x.dbn"));

Deno.test({
  name: "classifyDbnInputs() says why a link whose target the process may not read cannot be used",
  // Read access to the folder of links only, as the launcher grants for `--dbn FOLDER`
  // when the target is elsewhere.
  permissions: { read: [links] },
  fn: async () => {
    await assert.rejects(
      classifyDbnInputs([links]),
      new RegExp(
        `^ValidationError: --dbn: ${join(links, "t.dbn")} links to ${
          join(outside, "t.dbn")
        }, outside what hewston may read \\(the paths on its command line, the data dir\\); pass the files themselves to --dbn$`,
      ),
    );
  },
});

Deno.test("classifyDbnInputs() refuses a DBN-named link to a folder", async () => {
  await assert.rejects(
    classifyDbnInputs([folderLinks]),
    new RegExp(
      `^ValidationError: --dbn: ${
        join(folderLinks, "x.dbn")
      } links to ${outside}, which is not a file$`,
    ),
  );
});
