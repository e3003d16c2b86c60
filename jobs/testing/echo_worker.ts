/**
 * @module
 * A tiny pooled worker for the pool's tests: echoes, fails, or sleeps on request.
 */
import { HewstonError } from "../../src/domain/errors.ts";
import { serveTasks } from "../pool.ts";

serveTasks<{ op: "echo" | "fail" | "sleep" | "crash"; value?: number }, unknown>(
  async (req, progress) => {
    if (req.op === "fail") throw new HewstonError("BAD_THING", "it failed on purpose");
    if (req.op === "crash") throw new Error("plain error\nwith a second line");
    if (req.op === "sleep") {
      progress({ stage: "sleep", done: 0, total: 1 });
      await new Promise((r) => setTimeout(r, req.value ?? 10_000));
    }
    return { value: req.value };
  },
);
