/**
 * Specs of the SSE wire helpers: exact frames, the envelope's precedence, ETags and
 * If-None-Match matching.
 */
import assert from "node:assert/strict";
import {
  eventPayload,
  eventsEtag,
  formatSseEvent,
  formatSseHeartbeat,
  ifNoneMatch,
} from "./sse.ts";

Deno.test("formatSseEvent() writes id, event and one data line, then a blank line", () => {
  const text = formatSseEvent({
    id: 42,
    runId: "abc123",
    kind: "progress",
    stage: "derive",
    data: { done: 3, total: 9, message: "line\nbreak" },
    createdAt: "2024-03-04T14:30:00.000Z",
  });
  assert.equal(
    text,
    'id: 42\nevent: progress\ndata: {"run_id":"abc123","event_id":42,"kind":"progress","stage":"derive","ts":"2024-03-04T14:30:00.000Z","done":3,"total":9,"message":"line\\nbreak"}\n\n',
  );
});

Deno.test("eventPayload() keeps the envelope when data repeats its keys", () => {
  assert.deepEqual(
    eventPayload({
      id: 7,
      runId: "r1",
      kind: "done",
      stage: "done",
      data: { run_id: "forged", kind: "stage", status: "DONE" },
      createdAt: "t",
    }),
    { run_id: "r1", event_id: 7, kind: "done", stage: "done", ts: "t", status: "DONE" },
  );
});

Deno.test("formatSseHeartbeat() has no id line", () => {
  assert.equal(
    formatSseHeartbeat("2024-03-04T14:30:05.000Z"),
    'event: heartbeat\ndata: {"ts":"2024-03-04T14:30:05.000Z"}\n\n',
  );
});

Deno.test("eventsEtag() is a strong tag that changes with the run and the last event id", () => {
  const tag = eventsEtag("abc123", 10);
  assert.equal(tag, eventsEtag("abc123", 10));
  assert.match(tag, /^"ev-[0-9a-f]{32}"$/);
  assert.notEqual(tag, eventsEtag("abc123", 11));
  assert.notEqual(tag, eventsEtag("abc124", 10));
  // "ab" + 110 and "ab1" + 10 must not collide.
  assert.notEqual(eventsEtag("ab", 110), eventsEtag("ab1", 10));
});

Deno.test("ifNoneMatch() compares weakly, reads lists and *, and rejects others", () => {
  const tag = '"ev-1234"';
  assert.equal(ifNoneMatch(undefined, tag), false);
  assert.equal(ifNoneMatch("", tag), false);
  assert.equal(ifNoneMatch('"ev-1234"', tag), true);
  assert.equal(ifNoneMatch('W/"ev-1234"', tag), true);
  assert.equal(ifNoneMatch(' "x" ,  "ev-1234" ', tag), true);
  assert.equal(ifNoneMatch("*", tag), true);
  assert.equal(ifNoneMatch('"ev-12345"', tag), false);
  assert.equal(ifNoneMatch("ev-1234", tag), false);
});
