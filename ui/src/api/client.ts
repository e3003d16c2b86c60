/**
 * @module
 * The typed REST client of the UI: one method per endpoint it calls, JSON in and out, API
 * errors (`{error:{code,message}}`) raised as {@link ApiError}. Same origin by default; a
 * bearer token, when the page was opened with one, goes on every request.
 */
import type {
  ArtifactPage,
  DatasetSummary,
  RunDetail,
  RunList,
  ValidationSummary,
} from "./types.ts";
import type { SeriesResponse } from "./playback_types.ts";
import type {
  MemberRunResponse,
  StrategyInfo,
  SweepBody,
  SweepDetail,
  SweepHeatmap,
  SweepList,
  SweepMembers,
  SweepPbo,
  SweepPreview,
  SweepSubmitResponse,
} from "./sweep_types.ts";

/** An error answered by the API (or the network). */
export class ApiError extends Error {
  /** HTTP status, 0 for a network failure. */
  readonly status: number;
  /** The API's error code, e.g. `RUN_NOT_FOUND`. */
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
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
  listStrategies(): Promise<{ items: StrategyInfo[] }>;
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
    query: object = {},
    body?: unknown,
  ): Promise<T> => {
    let res: Response;
    try {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      // The server takes writes only as JSON (a guard against cross-site forms), bodyless too.
      if (method === "POST") headers["Content-Type"] = "application/json";
      res = await fetchFn(
        build(path, query as Record<string, string | number | undefined>, false),
        {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
      );
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
      const e = (parsed as { error?: { code?: string; message?: string } })?.error;
      throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText);
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
