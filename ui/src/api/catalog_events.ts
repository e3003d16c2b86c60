/**
 * @module
 * The catalog-wide event stream (`GET /events`, SSE) through the browser's EventSource: every
 * run's and dataset job's stage, progress, terminal and `deleted` events, in id order. The
 * browser resumes after a dropped connection with `Last-Event-ID` by itself, so nothing is
 * missed; `onOpen` runs on each (re)connection, when a list reloads what it shows.
 */
import type { ApiClient } from "./client.ts";
import type { RunEventData } from "./types.ts";

const KINDS = ["stage", "progress", "done", "error", "cancelled", "deleted"] as const;

/** What kind of job an event's `run_id` names: a sweep (`sw-…`), a dataset build (`dataset-…`) or a run. */
export function jobKind(id: string): "sweep" | "dataset" | "run" {
  if (id.startsWith("sw-")) return "sweep";
  if (id.startsWith("dataset-")) return "dataset";
  return "run";
}

/** What a catalog stream hands over. */
export interface CatalogEventHandlers {
  /** One event, parsed. */
  onEvent(e: RunEventData): void;
  /** The stream is (again) connected. */
  onOpen?(): void;
}

/** Opens the catalog event stream; returns the function that closes it. */
export function watchCatalogEvents(api: ApiClient, h: CatalogEventHandlers): () => void {
  const es = new EventSource(api.url("/events"));
  const handle = (ev: MessageEvent) => {
    let data: RunEventData;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return;
    }
    h.onEvent(data);
  };
  for (const k of KINDS) es.addEventListener(k, handle as EventListener);
  es.onopen = () => h.onOpen?.();
  return () => es.close();
}
