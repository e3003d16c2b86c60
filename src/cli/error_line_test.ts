import assert from "node:assert/strict";
import { cliErrorLine } from "./error_line.ts";

Deno.test("cliErrorLine() says which file cannot be read or written instead of Deno's flag advice", async (t) => {
  const cases: [string, unknown, string][] = [
    [
      "read, not capable",
      new Deno.errors.NotCapable(
        'Requires read access to "/srv/x.csv", run again with the --allow-read flag',
      ),
      "cannot read /srv/x.csv (not permitted: name it on the command line, or keep it in the data dir)",
    ],
    [
      "write, not capable",
      new Deno.errors.NotCapable(
        'Requires write access to "/etc/y", run again with the --allow-write flag',
      ),
      "cannot write /etc/y (not permitted: Hewston writes only inside the data dir)",
    ],
    [
      "read, denied by the OS",
      new Deno.errors.PermissionDenied("Permission denied (os error 13): open '/srv/a.dbn'"),
      "cannot read /srv/a.dbn (permission denied)",
    ],
    [
      "write, denied by the OS",
      new Deno.errors.PermissionDenied("Permission denied (os error 13): mkdir '/srv/data'"),
      "cannot write /srv/data (permission denied)",
    ],
    [
      "a worker's error carries only the message",
      new Error('Requires read access to "/a b/c.dbn", run again with the --allow-read flag'),
      "cannot read /a b/c.dbn (not permitted: name it on the command line, or keep it in the data dir)",
    ],
    ["anything else, joined on one line", new Error("bad\n  input"), "bad input"],
  ];
  for (const [name, err, line] of cases) {
    await t.step(name, () => assert.equal(cliErrorLine(err), line));
  }
});
