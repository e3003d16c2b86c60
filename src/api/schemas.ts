/**
 * @module
 * The zod schemas of every request and response of the API. Routes parse requests with the
 * request and query schemas; tests parse responses with the response schemas; the OpenAPI
 * document is generated from all of them (`openapi.ts`), so the three cannot drift apart.
 */
import {
  backtestRequest,
  datasetBuildRequest,
  presetRequest,
  sweepRequest,
} from "./request_schemas.ts";
import {
  artifactFile,
  artifactManifest,
  candle,
  candlePage,
  dataset,
  datasetBars,
  datasetDetail,
  datasetJob,
  datasetJobCancelled,
  datasetList,
  datasetSources,
  errorResponse,
  featurePage,
  health,
  metrics,
  parquetPage,
  preset,
  presetList,
  runDetail,
  runList,
  runSummary,
  strategyCatalog,
  submitResponse,
} from "./response_schemas.ts";
import {
  memberRunResponse,
  sweepDetail,
  sweepHeatmap,
  sweepList,
  sweepMembers,
  sweepPbo,
  sweepPreview,
  sweepSubmitResponse,
} from "../domain/wire/sweeps.ts";

import { clientMessage, seriesResponse, serverMessage } from "../domain/playback.ts";

export * from "./request_schemas.ts";
export * from "./response_schemas.ts";

export const REQUEST_SCHEMAS = {
  BacktestRequest: backtestRequest,
  DatasetBuildRequest: datasetBuildRequest,
  PresetRequest: presetRequest,
  SweepRequest: sweepRequest,
} as const;

/** Responses by OpenAPI component name. */
export const RESPONSE_SCHEMAS = {
  Error: errorResponse,
  SubmitResponse: submitResponse,
  Metrics: metrics,
  RunSummary: runSummary,
  RunList: runList,
  RunDetail: runDetail,
  ArtifactFile: artifactFile,
  ArtifactManifest: artifactManifest,
  ParquetPage: parquetPage,
  Dataset: dataset,
  DatasetList: datasetList,
  DatasetDetail: datasetDetail,
  DatasetJob: datasetJob,
  DatasetJobCancelled: datasetJobCancelled,
  DatasetBars: datasetBars,
  DatasetSources: datasetSources,
  Candle: candle,
  CandlePage: candlePage,
  FeaturePage: featurePage,
  StrategyCatalog: strategyCatalog,
  Preset: preset,
  PresetList: presetList,
  Health: health,
  Series: seriesResponse,
  PlaybackServerMessage: serverMessage,
  PlaybackClientMessage: clientMessage,
  SweepSubmitResponse: sweepSubmitResponse,
  SweepList: sweepList,
  SweepDetail: sweepDetail,
  SweepHeatmap: sweepHeatmap,
  SweepMembers: sweepMembers,
  SweepPbo: sweepPbo,
  SweepPreview: sweepPreview,
  MemberRunResponse: memberRunResponse,
} as const;
