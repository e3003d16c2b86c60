/**
 * @module
 * Parameter sweeps: grids (`parseGrid`, `gridFromRecord`, `expandGrid`), running members on
 * a shared feature cache (`runSweepMembers`), the sweep artifact (table + heatmap) and the
 * members as trials for the Deflated Sharpe Ratio, and the window helpers walk-forward shares
 * (member weights on the full series, window simulation, stitching). See
 * docs/validation.md.
 */
export {
  type Grid,
  type GridAxis,
  gridFromRecord,
  gridSize,
  type GridValue,
  MAX_AXIS_VALUES,
  parseGrid,
} from "./grid.ts";
export { expandGrid, type GridExpansion, MAX_GRID_COMBINATIONS } from "./expand_grid.ts";
export { runSweepMembers, type SweepRow, type SweepRunOptions } from "./run_sweep.ts";
export {
  type SweepArtifact,
  sweepArtifact,
  type SweepArtifactOptions,
  type SweepCell,
  type SweepHeatmap,
  type SweepTable,
} from "./sweep_artifact.ts";
export { type SweepTrials, sweepTrials } from "./sweep_trials.ts";
export { barReturns } from "./bar_returns.ts";
export { barsWindow, memberConfig, memberWeights, simulateWindow } from "./member_run.ts";
export { stitchWindows } from "./stitch_windows.ts";
