/**
 * @module
 * The sweep documents as the UI reads them. The server's zod schemas in
 * `src/domain/wire/sweeps.ts` are the one source; this is a type-only import, so nothing of
 * zod enters the bundle.
 */
export type {
  MemberRunResponse,
  SweepDetail,
  SweepHeatmap,
  SweepList,
  SweepMembers,
  SweepPbo,
  SweepPreview,
  SweepSubmitResponse,
  SweepSummary,
} from "../../../src/domain/wire/sweeps.ts";

/** A POST /sweeps body as the launch form builds it. */
export interface SweepBody {
  run: Record<string, unknown>;
  grid: Record<string, (number | boolean | string)[] | string>;
  metric?: string;
  blocks?: number;
}
