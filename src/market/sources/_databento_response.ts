/**
 * @module
 * Reading Databento's answers other than the data itself: the `{"detail": …}` of an error
 * body, the `X-Warning` header, and the mapping of error statuses to Hewston errors.
 */

import { HewstonError } from "../../domain/errors.ts";

/**
 * Maps a non-retried error status to a Hewston error (codes in `databento.ts`).
 * @param status HTTP status
 * @param detail the server's `detail`, already redacted
 * @param attempts attempts made so far
 * @returns the error to throw
 */
export function statusError(status: number, detail: string, attempts: number): HewstonError {
  const details = { status: status, detail, attempts };
  if (status === 401 || status === 403) {
    return new HewstonError(
      "DATABENTO_AUTH",
      `Databento rejected the API key (HTTP ${status}: ${detail}); check DATABENTO_API_KEY`,
      { status: 502, details },
    );
  }
  if (status >= 400 && status < 500) {
    return new HewstonError(
      "DATABENTO_BAD_REQUEST",
      `Databento rejected the request (HTTP ${status}): ${detail}`,
      { status: 422, details },
    );
  }
  return new HewstonError(
    "DATABENTO_UNAVAILABLE",
    `Databento historical API failed (HTTP ${status}: ${detail})`,
    { status: 503, details },
  );
}

/** The `detail` of a Databento JSON error body, else the body text, on one line. */
export async function readDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  let detail: unknown = text;
  try {
    const json = JSON.parse(text);
    if (json !== null && typeof json === "object" && "detail" in json) detail = json.detail;
  } catch {
    // not JSON: keep the raw text
  }
  const line = (typeof detail === "string" ? detail : JSON.stringify(detail))
    .replace(/\s+/g, " ").trim();
  if (line === "") return response.statusText || "no detail";
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}

/** Passes each entry of the `X-Warning` header (a JSON list of strings) to `onWarning`. */
export function reportWarnings(response: Response, onWarning?: (warning: string) => void): void {
  const header = response.headers.get("x-warning");
  if (header === null || onWarning === undefined) return;
  let warnings: unknown;
  try {
    warnings = JSON.parse(header);
  } catch {
    warnings = [header];
  }
  for (const warning of Array.isArray(warnings) ? warnings : [warnings]) {
    onWarning(typeof warning === "string" ? warning : JSON.stringify(warning));
  }
}

/** Replaces the API key wherever a server echoes it. */
export function redact(text: string, apiKey: string): string {
  return apiKey === "" ? text : text.replaceAll(apiKey, "<DATABENTO_API_KEY>");
}
