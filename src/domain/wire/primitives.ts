/**
 * @module
 * The small zod pieces every wire document shares: dates, times, counts.
 */
import { z } from "zod";
import { ISO_DATE_RE } from "../dates.ts";

/** `YYYY-MM-DD` (declared in `domain/dates.ts`). */
export const DATE_RE = ISO_DATE_RE;
/** An ISO date string (`YYYY-MM-DD`). */
export const isoDate = z.string().regex(DATE_RE, "expected YYYY-MM-DD");
/** An ISO-8601 UTC time string. */
export const isoTime = z.string().describe("ISO-8601 UTC time");
/** A count or size: a whole number ≥ 0. */
export const count = z.number().int().min(0);
