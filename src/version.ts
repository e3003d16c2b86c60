/**
 * @module
 * Hewston's version, reported by `hewston --version`, `/healthz` and run manifests.
 */

/** Semantic version of this code. */
export const VERSION = "0.2.0";
