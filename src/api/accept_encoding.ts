/**
 * @module
 * The one reading of an `Accept-Encoding` header, for every route that compresses.
 */

/**
 * Returns a predicate: does the client accept content coding `coding`? A coding listed with
 * `q=0` is refused; `*` stands for any coding not listed.
 *
 * @param header the request's `Accept-Encoding` value (absent: identity only)
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * const accepts = acceptsCoding("gzip;q=0, *");
 * equal(accepts("gzip"), false);
 * equal(accepts("br"), true);
 * ```
 */
export function acceptsCoding(header: string | undefined): (coding: string) => boolean {
  const q = new Map<string, number>();
  for (const part of (header ?? "").toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    if (!name) continue;
    const v = params.map((p) => p.trim().match(/^q=([0-9.]+)$/)?.[1]).find((x) => x);
    q.set(name, v === undefined ? 1 : Number(v));
  }
  return (coding) => (q.get(coding) ?? q.get("*") ?? 0) > 0;
}
