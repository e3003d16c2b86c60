/**
 * @module
 * The pooled worker of `hewston serve` (and of sweeps and CLI dataset builds): serves the
 * engine tasks its pool sends with {@link runEngineTask}.
 */
import type { EngineTask, EngineTaskResult } from "../src/services/tasks.ts";
import { serveTasks } from "./pool.ts";
import { runEngineTask } from "./run_task.ts";

serveTasks<EngineTask, EngineTaskResult>(runEngineTask);
