/**
 * @module
 * The typed REST client of the UI: one method per endpoint it calls, JSON in and out, API
 * errors (`{error:{code,message}}`) raised as {@link ApiError}. Same origin by default; a
 * bearer token, when the page was opened with one, goes on every request.
 */
import type {
  MemberRunResponse,
  SweepBody,
  SweepDetail,
  SweepHeatmap,
  SweepList,
  SweepMembers,
  SweepPbo,
  SweepPreview,
  SweepSubmitResponse,
} from "./sweep_types.ts";
import type {
  ArtifactPage,
  DatasetCandles,
  DatasetSources,
  DatasetSummary,
  Preset,
  RunDetail,
  RunList,
  StrategyCatalog,
  ValidationSummary,
} from "./types.ts";
import type { SeriesResponse } from "./playback_types.ts";

/** An error answered by the API (or the network). */
export class ApiError extends Error {
  /** HTTP status, 0 for a network failure. */
  readonly status: number;
  /** The API's error code, e.g. `RUN_NOT_FOUND`. */
  readonly code: string;
  /** Field-level problems (`details.issues`), each with its dotted path. */
  readonly issues: { path: string; message: string }[];

  constructor(
    status: number,
    code: string,
    message: string,
    issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** Filters and order of the runs list. */
export interface RunListQuery {
  symbol?: string;
  strategy_id?: string;
  status?: string;
  order?: string;
  limit?: number;
  offset?: number;
}

/** The REST client. */
export interface ApiClient {
  /** URL of a path the browser opens itself, with the token as a query parameter if set. */
  url(path: string, query?: Record<string, string | number | undefined>): string;
  listRuns(q?: RunListQuery): Promise<RunList>;
  getRun(id: string): Promise<RunDetail>;
  cancelRun(id: string): Promise<RunDetail>;
  deleteRun(id: string): Promise<void>;
  listDatasets(): Promise<{ items: DatasetSummary[]; total: number }>;
  getMetrics(id: string): Promise<Record<string, number | null>>;
  getValidation(id: string): Promise<ValidationSummary | null>;
  getArtifactPage(id: string, name: string, offset: number, limit: number): Promise<ArtifactPage>;
  getSeries(id: string): Promise<SeriesResponse>;
  listStrategies(): Promise<StrategyCatalog>;
  /** `POST /backtests`: QUEUED (a new run) or EXISTS (the same config ran before). */
  submitRun(body: unknown): Promise<{ run_id: string; status: "QUEUED" | "EXISTS" }>;
  listPresets(): Promise<{ items: Preset[]; total: number }>;
  /** `POST /presets` (idempotent: the same name and config answer the stored preset). */
  savePreset(name: string, config: unknown): Promise<Preset>;
  /** `GET /datasets/sources`: what this server can build from. */
  datasetSources(): Promise<DatasetSources>;
  /** `POST /datasets`: starts a build; its events are under the job id. */
  buildDataset(body: unknown): Promise<{ job_id: string; status: string }>;
  cancelDatasetBuild(jobId: string): Promise<unknown>;
  deleteDataset(id: string): Promise<void>;
  /** `GET /datasets/{id}/bars`: candles of a range as columns. */
  getDatasetBars(
    id: string,
    q: { from?: string; to?: string; max_candles?: number },
  ): Promise<DatasetCandles>;
  previewSweep(body: SweepBody): Promise<SweepPreview>;
  submitSweep(body: SweepBody): Promise<SweepSubmitResponse>;
  listSweeps(q?: { status?: string; limit?: number }): Promise<SweepList>;
  getSweep(id: string): Promise<SweepDetail>;
  cancelSweep(id: string): Promise<SweepDetail>;
  deleteSweep(id: string): Promise<void>;
  getSweepHeatmap(
    id: string,
    q?: { metric?: string; x?: string; y?: string },
  ): Promise<SweepHeatmap>;
  getSweepPbo(id: string): Promise<SweepPbo>;
  getSweepMembers(id: string): Promise<SweepMembers>;
  /** The run of member `k`, created on demand (the same run id every time). */
  runSweepMember(id: string, k: number): Promise<MemberRunResponse>;
}

/**
 * A client for the API at `base` (default: this page's origin).
 * @param fetchFn injected for tests
 */
export function createApiClient(
  base = "",
  token?: string,
  fetchFn: typeof fetch = (...a) => fetch(...a),
): ApiClient {
  const build = (
    path: string,
    query: Record<string, string | number | undefined>,
    withToken: boolean,
  ) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") qs.set(k, `${v}`);
    if (token && withToken) qs.set("token", token);
    const s = qs.toString();
    return `${base}${path}${s ? `?${s}` : ""}`;
  };
  // URLs the browser opens itself (EventSource, WebSocket, download links) carry the token
  // in the query; fetches send it as a header only.
  const url = (path: string, query: Record<string, string | number | undefined> = {}) =>
    build(path, query, true);
  const call = async <T>(
    method: string,
    path: string,
    query = {},
    body?: unknown,
  ): Promise<T> => {
    let res: Response;
    try {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      // The server takes writes only as JSON (a guard against cross-site forms), bodyless too.
      if (method === "POST") headers["Content-Type"] = "application/json";
      res = await fetchFn(build(path, query, false), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, "NETWORK", `cannot reach the server: ${(err as Error).message}`);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(res.status, "BAD_RESPONSE", `${method} ${path}: not JSON`);
    }
    if (!res.ok) {
      const e = (parsed as {
        error?: {
          code?: string;
          message?: string;
          details?: { issues?: { path: string; message: string }[] };
        };
      })?.error;
      throw new ApiError(
        res.status,
        e?.code ?? `HTTP_${res.status}`,
        e?.message ?? res.statusText,
        e?.details?.issues ?? [],
      );
    }
    return parsed as T;
  };
  const run = (id: string) => `/backtests/${encodeURIComponent(id)}`;
  const sweep = (id: string) => `/sweeps/${encodeURIComponent(id)}`;
  return {
    url,
    listRuns: (q = {}) => call("GET", "/backtests", q),
    getRun: (id) => call("GET", run(id)),
    cancelRun: (id) => call("POST", `${run(id)}/cancel`),
    deleteRun: (id) => call("DELETE", run(id)),
    listDatasets: () => call("GET", "/datasets"),
    getMetrics: (id) => call("GET", `${run(id)}/artifacts/metrics.json`),
    getValidation: async (id) => {
      try {
        return await call<ValidationSummary>("GET", `${run(id)}/artifacts/validation_summary.json`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    getArtifactPage: (id, name, offset, limit) =>
      call("GET", `${run(id)}/artifacts/${encodeURIComponent(name)}`, {
        format: "json",
        offset,
        limit,
      }),
    getSeries: (id) => call("GET", `${run(id)}/series`),
    listStrategies: () => call("GET", "/strategies"),
    submitRun: (body) => call("POST", "/backtests", {}, body),
    listPresets: () => call("GET", "/presets"),
    savePreset: (name, config) => call("POST", "/presets", {}, { name, config }),
    datasetSources: () => call("GET", "/datasets/sources"),
    buildDataset: (body) => call("POST", "/datasets", {}, body),
    cancelDatasetBuild: (jobId) =>
      call("POST", `/datasets/jobs/${encodeURIComponent(jobId)}/cancel`),
    deleteDataset: (id) => call("DELETE", `/datasets/${encodeURIComponent(id)}`),
    getDatasetBars: (id, q) => call("GET", `/datasets/${encodeURIComponent(id)}/bars`, q),
    previewSweep: (body) => call("POST", "/sweeps/preview", {}, body),
    submitSweep: (body) => call("POST", "/sweeps", {}, body),
    listSweeps: (q = {}) => call("GET", "/sweeps", q),
    getSweep: (id) => call("GET", sweep(id)),
    cancelSweep: (id) => call("POST", `${sweep(id)}/cancel`),
    deleteSweep: (id) => call("DELETE", sweep(id)),
    getSweepHeatmap: (id, q = {}) => call("GET", `${sweep(id)}/heatmap`, q),
    getSweepPbo: (id) => call("GET", `${sweep(id)}/pbo`),
    getSweepMembers: (id) => call("GET", `${sweep(id)}/members`),
    runSweepMember: (id, k) => call("POST", `${sweep(id)}/members/${k}/run`),
  };
}
