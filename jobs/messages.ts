/**
 * @module
 * The message protocol between a job's caller and its Web Worker: the caller posts one
 * request; the worker posts any number of `progress` messages and then exactly one `done`
 * or `error`.
 */
import type { Progress } from "../src/domain/ports.ts";

/** Worker → caller messages. */
export type JobMessage<R> =
  | { type: "progress"; progress: Progress }
  | { type: "done"; result: R }
  | { type: "error"; error: { code: string; message: string; status: number } };
