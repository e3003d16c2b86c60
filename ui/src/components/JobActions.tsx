/**
 * @module
 * The actions cell of a job's row (a run, a sweep): Cancel while it is queued or running,
 * Delete once it has finished; each button names its job for screen readers. Presentational:
 * props in, callbacks out.
 */

/** Props of {@link JobActions}. */
export interface JobActionsProps {
  /** What the job is, in the buttons' names: `Cancel run …`, `Delete sweep …`. */
  noun: "run" | "sweep";
  id: string;
  /** Queued or running: it can be cancelled, not deleted. */
  active: boolean;
  onCancel: (id: string) => void;
  onDelete: (id: string) => void;
}

/** The `<td class="actions">` of one row. */
export function JobActions(props: JobActionsProps) {
  const { noun, id } = props;
  return (
    <td class="actions">
      {props.active
        ? (
          <button
            type="button"
            class="small"
            aria-label={`Cancel ${noun} ${id}`}
            onClick={() => props.onCancel(id)}
          >
            Cancel
          </button>
        )
        : (
          <button
            type="button"
            class="small danger"
            aria-label={`Delete ${noun} ${id}`}
            onClick={() => props.onDelete(id)}
          >
            Delete
          </button>
        )}
    </td>
  );
}
