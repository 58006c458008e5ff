import { visemeAt, type VisemeTimeline } from './timeline.js';

/** What to draw at one moment: the current viseme and, near a change, how far to lean into the next one. */
export interface MouthPose {
  /** The viseme showing (0..21). */
  readonly viseme: number;
  /** The viseme coming next (equal to `viseme` when no change is near). */
  readonly next: number;
  /** 0 = all `viseme`, 1 = all `next` (co-articulation: the mouth starts moving before the sound changes). */
  readonly blend: number;
  /** The media time the pose is for, ms. */
  readonly timeMs: number;
}

/**
 * The pose at `ms`. With `smoothingMs` > 0 the mouth blends linearly toward the next cue during the
 * last `smoothingMs` before it (co-articulation); with 0 it snaps from shape to shape.
 */
export function poseAt(timeline: VisemeTimeline, ms: number, smoothingMs = 0): MouthPose {
  const viseme = visemeAt(timeline, ms);
  if (smoothingMs <= 0 || ms < 0 || ms >= timeline.durationMs) return { viseme, next: viseme, blend: 0, timeMs: ms };
  const upcoming = timeline.cues.find((c) => c.t > ms);
  if (!upcoming || upcoming.t - ms > smoothingMs) return { viseme, next: viseme, blend: 0, timeMs: ms };
  return { viseme, next: upcoming.v, blend: 1 - ((upcoming.t - ms) / smoothingMs), timeMs: ms };
}

/** The part of an `HTMLMediaElement` the player reads (an `<audio>` or `<video>`, or a stand-in). */
export interface MediaClock {
  readonly currentTime: number;
  readonly paused: boolean;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface PlayerOptions {
  /** Co-articulation window, ms (0 = off). Default 60. */
  readonly smoothingMs?: number;
  /** Frame scheduling (default `requestAnimationFrame`/`cancelAnimationFrame`). */
  readonly requestFrame?: (callback: () => void) => number;
  readonly cancelFrame?: (handle: number) => void;
}

/**
 * Drives any renderer from a media element's clock: on every animation frame while it plays, and once
 * on pause, seek and end, `render` gets the pose for `currentTime`. The media element is the clock, so
 * audio and mouth cannot drift apart.
 */
export class TimelinePlayer {
  readonly #media: MediaClock;
  readonly #timeline: VisemeTimeline;
  readonly #render: (pose: MouthPose) => void;
  readonly #smoothingMs: number;
  readonly #requestFrame: (callback: () => void) => number;
  readonly #cancelFrame: (handle: number) => void;
  #handle: number | undefined;
  readonly #onPlay = (): void => this.#loop();
  readonly #onStill = (): void => {
    this.#stopLoop();
    this.#draw();
    if (!this.#media.paused) this.#loop(); // a seek while playing: no new 'play' event follows
  };

  constructor(media: MediaClock, timeline: VisemeTimeline, render: (pose: MouthPose) => void, options: PlayerOptions = {}) {
    this.#media = media;
    this.#timeline = timeline;
    this.#render = render;
    this.#smoothingMs = options.smoothingMs ?? 60;
    this.#requestFrame = options.requestFrame ?? ((cb) => requestAnimationFrame(cb));
    this.#cancelFrame = options.cancelFrame ?? ((h) => cancelAnimationFrame(h));
    media.addEventListener('play', this.#onPlay);
    for (const type of ['pause', 'seeked', 'ended']) media.addEventListener(type, this.#onStill);
    this.#draw();
    if (!media.paused) this.#loop();
  }

  /** Stops following the media element. */
  close(): void {
    this.#stopLoop();
    this.#media.removeEventListener('play', this.#onPlay);
    for (const type of ['pause', 'seeked', 'ended']) this.#media.removeEventListener(type, this.#onStill);
  }

  #loop(): void {
    this.#stopLoop();
    const tick = (): void => {
      this.#draw();
      this.#handle = this.#media.paused ? undefined : this.#requestFrame(tick);
    };
    this.#handle = this.#requestFrame(tick);
  }

  #stopLoop(): void {
    if (this.#handle !== undefined) this.#cancelFrame(this.#handle);
    this.#handle = undefined;
  }

  #draw(): void {
    this.#render(poseAt(this.#timeline, this.#media.currentTime * 1000, this.#smoothingMs));
  }
}
