/**
 * @module
 * The frame of a catalog list page (Runs, Sweeps): the titled section with its count, the
 * API's error, the delete confirmation, and the wrapped table, around the page's own tools.
 * Presentational: props in, callbacks out.
 */
import type { ComponentChildren } from "preact";
import { formatCount } from "../format.ts";

/** Props of {@link ListPage}. */
export interface ListPageProps {
  /** Heading, also the base of its id (`runs-title`). */
  title: string;
  /** Jobs in the catalog; null until the list has answered. */
  total: number | null;
  /** What the list shows, in the confirmation: `run`, `sweep`. */
  noun: string;
  /** The last API error to show, if any. */
  error: string | null;
  /** The job waiting for a confirmed delete, if any. */
  confirmDelete: string | null;
  onConfirmDelete: (id: string) => void;
  onKeep: () => void;
  /** The page's tools above the table (filters, a launch form). */
  tools: ComponentChildren;
  /** The table. */
  children: ComponentChildren;
}

/** The page. */
export function ListPage(props: ListPageProps) {
  const titleId = `${props.title.toLowerCase()}-title`;
  const pending = props.confirmDelete;
  return (
    <section class="page" aria-labelledby={titleId}>
      <header class="page-head">
        <h1 id={titleId}>{props.title}</h1>
        <span class="dim">
          {props.total === null ? "loading…" : `${formatCount(props.total)} in the catalog`}
        </span>
      </header>
      {props.tools}
      {props.error ? <p role="alert" class="error">{props.error}</p> : null}
      {pending
        ? (
          <div class="confirm" role="alertdialog" aria-label="Confirm delete">
            Delete {props.noun} <code>{pending}</code> and its artifacts?{" "}
            <button type="button" class="danger" onClick={() => props.onConfirmDelete(pending)}>
              Delete
            </button>{" "}
            <button type="button" onClick={props.onKeep}>Keep</button>
          </div>
        )
        : null}
      <div class="table-wrap">{props.children}</div>
    </section>
  );
}
