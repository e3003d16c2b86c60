/**
 * @module
 * Request parsing shared by the route modules: JSON bodies (media type, size cap, malformed
 * text) and query strings checked against zod schemas, each failure a typed error with the
 * status the API answers with.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { HewstonError, ValidationError } from "../domain/errors.ts";
import { checkJsonTextDepth } from "../domain/json_depth.ts";

/** Default cap on a JSON body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1 << 20;
/** Default time a client has to send its whole body: 30 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * Reads the request body as JSON.
 * @param maxBytes size cap; larger bodies are refused before or while reading
 * @throws {HewstonError} UNSUPPORTED_MEDIA_TYPE (415) for a Content-Type other than JSON,
 *   BODY_TOO_LARGE (413), MALFORMED_JSON (400) for an empty, non-UTF-8 or unparsable body,
 *   TOO_DEEP (400) for arrays/objects nested deeper than 64 levels, REQUEST_TIMEOUT (408) for
 *   a body still arriving after `timeoutMs`
 */
export async function readJsonBody(
  c: Context,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
  timeoutMs = DEFAULT_BODY_TIMEOUT_MS,
): Promise<unknown> {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim();
  // No type is refused too: an HTML form or a no-cors fetch from another site sends none or
  // a form type, and must never start work here (CSRF).
  if (!JSON_TYPE.test(type)) {
    throw new HewstonError(
      "UNSUPPORTED_MEDIA_TYPE",
      `send the body as Content-Type: application/json, not ${type || '""'}`,
      { status: 415 },
    );
  }
  const declared = Number(c.req.header("content-length"));
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readCapped(c.req.raw.body, maxBytes, timeoutMs);
  if (bytes.length === 0) {
    throw new HewstonError("MALFORMED_JSON", "request body is empty; expected a JSON object", {
      status: 400,
    });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HewstonError("MALFORMED_JSON", "request body is not valid UTF-8", { status: 400 });
  }
  // Measured on the text: a deep document must never reach a recursive walker.
  checkJsonTextDepth(text, "request body");
  try {
    return JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new HewstonError("MALFORMED_JSON", `request body is not valid JSON: ${why}`, {
      status: 400,
    });
  }
}

/**
 * Validates the query string against a zod object schema (values arrive as strings).
 * @throws {ValidationError} naming the parameter, e.g. `query.limit: ...`
 */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query(), "query");
}

/**
 * Validates a value against a schema, turning the first issue into a one-line error.
 * @param where prefix of the field path in the message (`query`, `body`)
 * @throws {ValidationError} `where.field: what is wrong`, with every issue in `details`
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string) {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.output<S>;
  const issue = parsed.error.issues[0];
  const path = [where, ...issue.path.map(String)].join(".");
  const msg = issue.code === "unrecognized_keys"
    ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
    : issue.message;
  throw new ValidationError(`${path}: ${msg}`, {
    issues: parsed.error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join("."),
      message: i.message,
    })),
  });
}

/** The mount prefix a run route was reached through (`/runs` for the second seed's clients). */
export function runPrefix(c: Context): "/backtests" | "/runs" {
  return c.req.path.startsWith("/runs") ? "/runs" : "/backtests";
}

async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  // A client trickling its body a byte at a time must not hold a request open for ever.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, timeoutMs);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (timedOut) throw bodyTimeout(timeoutMs);
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (err) {
    throw timedOut ? bodyTimeout(timeoutMs) : err;
  } finally {
    clearTimeout(timer);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) (out.set(chunk, at), at += chunk.length);
  return out;
}

function bodyTimeout(ms: number): HewstonError {
  return new HewstonError(
    "REQUEST_TIMEOUT",
    `the request body did not arrive within ${ms / 1000} s`,
    {
      status: 408,
    },
  );
}

function tooLarge(maxBytes: number): HewstonError {
  return new HewstonError("BODY_TOO_LARGE", `request body is larger than ${maxBytes} bytes`, {
    status: 413,
  });
}
