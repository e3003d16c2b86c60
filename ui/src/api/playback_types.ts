/**
 * @module
 * The playback protocol's types as the UI uses them. The server's zod schemas in
 * `src/domain/playback.ts` are the one source; this is a type-only import, so nothing of zod
 * enters the bundle.
 */
export type {
  ClientCtrl,
  FrameMessage,
  SeriesResponse,
  ServerMessage,
} from "../../../src/domain/playback.ts";
