/**
 * @module
 * Typed errors for Hewston. Services and adapters throw these; the CLI prints
 * `hewston: <message>` and exits non-zero, the API maps them to
 * `{ error: { code, message, details } }` with `status`.
 */

/** Base class of every error Hewston reports to a user. */
export class HewstonError extends Error {
  /** Machine-readable code, e.g. `DATASET_NOT_FOUND`. */
  readonly code: string;
  /** HTTP status the API answers with. */
  readonly status: number;
  /** Optional structured details (never a stack trace). */
  readonly details?: unknown;

  /**
   * @param code machine-readable code
   * @param message one-line human message
   * @param options status (default 400), details, cause
   */
  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "HewstonError";
    this.code = code;
    this.status = options.status ?? 400;
    this.details = options.details;
  }
}

/** Input that does not meet a schema or a rule (bad flag, bad parameter). */
export class ValidationError extends HewstonError {
  /** @param message what is wrong @param details optional field-level details */
  constructor(message: string, details?: unknown) {
    super("VALIDATION_ERROR", message, { status: 422, details });
    this.name = "ValidationError";
  }
}

/** A named thing (dataset, run, preset) does not exist. */
export class NotFoundError extends HewstonError {
  /** @param code e.g. `DATASET_NOT_FOUND` @param message one-line message */
  constructor(code: string, message: string) {
    super(code, message, { status: 404 });
    this.name = "NotFoundError";
  }
}

/**
 * A data file that cannot be decoded. The message always names the file and the byte
 * offset where decoding stopped.
 */
export class DecodeError extends HewstonError {
  /** Path (or label) of the input. */
  readonly file: string;
  /** Byte offset in the decompressed DBN stream where the problem was found. */
  readonly offset: number;
  /** What is wrong, without the file and offset. */
  readonly reason: string;

  /**
   * @param file path or label of the input
   * @param offset byte offset (of the decompressed stream unless the message says otherwise)
   * @param reason what is wrong, e.g. "truncated record"
   */
  constructor(file: string, offset: number, reason: string) {
    super("DECODE_ERROR", `${file}: ${reason} at byte offset ${offset}`, { status: 422 });
    this.name = "DecodeError";
    this.file = file;
    this.offset = offset;
    this.reason = reason;
  }
}

/**
 * Formats any thrown value as one line for the CLI and logs (no stack): a message that
 * spans lines is joined, never cut.
 */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.trim().replace(/\s*\n\s*/g, " ");
}
