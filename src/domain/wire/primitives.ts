/**
 * @module
 * The small zod pieces every wire document shares: dates, times, counts.
 */
import { z } from "zod";

/** `YYYY-MM-DD`. */
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO date string (`YYYY-MM-DD`). */
export const isoDate = z.string().regex(DATE_RE, "expected YYYY-MM-DD");
/** An ISO-8601 UTC time string. */
export const isoTime = z.string().describe("ISO-8601 UTC time");
/** A count or size: a whole number ≥ 0. */
export const count = z.number().int().min(0);
