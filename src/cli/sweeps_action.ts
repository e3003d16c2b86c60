/**
 * @module
 * `hewston sweeps` action: the page of sweeps `GET /sweeps` answers, as JSON or a table.
 */
import { loadConfig } from "../config.ts";
import type { SweepList } from "../domain/wire/sweeps.ts";
import { resolveDataDir } from "../store/data_dir.ts";
import { openStore } from "../store/open_store.ts";
import { sweepSummaryOf } from "../services/views/sweeps.ts";
import type { SweepsListOptions } from "./sweeps_command.ts";

/** Runs `hewston sweeps` (read-only: no lock, like `hewston runs`). */
export async function sweepsListAction(o: SweepsListOptions): Promise<number> {
  const dir = resolveDataDir(loadConfig({ dataDir: o.dataDir }).dataDir);
  const store = await openStore(dir);
  try {
    const { limit, offset } = o;
    const page = store.sweeps.list({ status: o.status, limit, offset });
    if (o.json) {
      const doc: SweepList = {
        items: page.items.map(sweepSummaryOf),
        total: page.total,
        limit,
        offset,
      };
      console.log(JSON.stringify(doc, null, 2));
      return 0;
    }
    console.log(
      `${"sweep_id".padEnd(21)}${"status".padEnd(10)}${"strategy".padEnd(16)}${
        "members".padStart(11)
      }${"pbo".padStart(7)}${"best sharpe".padStart(13)}  created`,
    );
    const f = (x: number | null, d: number) => (x === null ? "—" : x.toFixed(d));
    for (const s of page.items) {
      console.log(
        `${s.sweepId.padEnd(21)}${s.status.padEnd(10)}${s.strategyId.padEnd(16)}${
          `${s.doneMembers}/${s.members}`.padStart(11)
        }${f(s.pbo, 3).padStart(7)}${f(s.bestSharpe, 2).padStart(13)}  ${s.createdAt}`,
      );
    }
    console.log(`${page.items.length} of ${page.total} sweeps`);
    return 0;
  } finally {
    store.close();
  }
}
