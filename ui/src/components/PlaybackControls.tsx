/**
 * @module
 * The playback bar: play/pause, step ±1 bar, previous/next fill, the scrubber (a native range
 * input: an ARIA slider whose value text is the New York time of the playhead), speed presets,
 * the follow-playhead toggle and the transport in use. Presentational: signals in, callbacks
 * out; the keyboard map is the page's.
 */
import type { ReadonlySignal } from "@preact/signals";
import { useComputed, useSignal } from "@preact/signals";
import { SPEED_PRESETS } from "../state/create_playback_state.ts";

/** Props of {@link PlaybackControls}. */
export interface PlaybackControlsProps {
  playing: ReadonlySignal<boolean>;
  ended: ReadonlySignal<boolean>;
  speed: ReadonlySignal<number>;
  pos: ReadonlySignal<number>;
  lastBar: ReadonlySignal<number>;
  follow: ReadonlySignal<boolean>;
  transport: ReadonlySignal<string>;
  /** New York time of a bar, for the slider's value text. */
  timeOf: (bar: number) => string;
  onPlayPause: () => void;
  onStep: (bars: number) => void;
  onSeek: (bar: number) => void;
  onSpeed: (val: number) => void;
  onFill: (dir: -1 | 1) => void;
  onFollow: (on: boolean) => void;
}

/** The bar. */
export function PlaybackControls(p: PlaybackControlsProps) {
  // While the scrubber is dragged its value is local; the seek happens on release.
  const drag = useSignal<number | null>(null);
  // Bound straight to the DOM: the playhead moves every frame without re-rendering the bar.
  const shown = useComputed(() => drag.value ?? Math.max(0, p.pos.value));
  const shownText = useComputed(() => p.timeOf(shown.value));
  const max = useComputed(() => Math.max(0, p.lastBar.value));
  return (
    <div class="playback" role="group" aria-label="Playback">
      <button
        type="button"
        class="play"
        aria-label={p.playing.value ? "Pause" : "Play"}
        title="Play/pause (Space)"
        onClick={p.onPlayPause}
      >
        {p.playing.value ? "❚❚" : "▶"}
      </button>
      <button
        type="button"
        aria-label="Step back one bar"
        title="Step back (←)"
        onClick={() => p.onStep(-1)}
      >
        ◀︎|
      </button>
      <button
        type="button"
        aria-label="Step forward one bar"
        title="Step forward (→)"
        onClick={() => p.onStep(1)}
      >
        |▶︎
      </button>
      <button
        type="button"
        aria-label="Previous fill"
        title="Previous fill ([)"
        onClick={() => p.onFill(-1)}
      >
        [ fill
      </button>
      <button
        type="button"
        aria-label="Next fill"
        title="Next fill (])"
        onClick={() => p.onFill(1)}
      >
        fill ]
      </button>
      <input
        type="range"
        class="scrubber"
        aria-label="Playhead"
        min={0}
        max={max}
        step={1}
        value={shown}
        aria-valuetext={shownText}
        onInput={(e) => (drag.value = Number(e.currentTarget.value))}
        onChange={(e) => {
          drag.value = null;
          p.onSeek(Number(e.currentTarget.value));
        }}
      />
      <span class="playhead-time num">{shownText}</span>
      <label class="field compact">
        <span>Speed</span>
        <select
          aria-label="Speed"
          value={String(p.speed.value)}
          onChange={(e) => p.onSpeed(Number(e.currentTarget.value))}
        >
          {SPEED_PRESETS.some((s) => s.val === p.speed.value)
            ? null
            : <option value={String(p.speed.value)}>{p.speed.value} yr/h</option>}
          {SPEED_PRESETS.map((s) => <option key={s.val} value={String(s.val)}>{s.label}</option>)}
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={p.follow.value}
          onChange={(e) => p.onFollow(e.currentTarget.checked)}
        />
        Follow playhead
      </label>
      <span class="dim transport" aria-label="Transport">
        {p.ended.value ? "Ended · " : p.playing.value ? "Playing · " : "Paused · "}
        {p.transport.value === "connecting"
          ? "connecting…"
          : p.transport.value === "ws"
          ? "WebSocket"
          : "SSE"}
      </span>
    </div>
  );
}
