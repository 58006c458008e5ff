import type { VisemeTimeline } from '@lipsync/web';
import { visemeColor } from './palette.js';

/**
 * The clip's waveform (peaks per pixel column, decoded once by Web Audio), the cues as coloured ticks
 * under it, and a playhead. Clicking seeks the media element.
 */
export class Waveform {
  readonly #canvas: HTMLCanvasElement;
  #peaks: Float32Array = new Float32Array(0);
  #timeline: VisemeTimeline | undefined;
  #durationMs = 0;
  #loads = 0;

  constructor(canvas: HTMLCanvasElement, media: HTMLMediaElement) {
    this.#canvas = canvas;
    canvas.addEventListener('click', (e) => {
      if (this.#durationMs <= 0) return;
      const box = canvas.getBoundingClientRect();
      media.currentTime = ((e.clientX - box.left) / box.width) * (this.#durationMs / 1000);
    });
  }

  /** Decodes the audio for its peaks; a clip Web Audio cannot decode still gets its cue ticks. */
  async load(audio: Blob, timeline: VisemeTimeline): Promise<void> {
    const load = ++this.#loads;
    this.#timeline = timeline;
    this.#durationMs = timeline.durationMs;
    this.#peaks = new Float32Array(0);
    try {
      const context = new OfflineAudioContext(1, 1, 16000);
      const buffer = await context.decodeAudioData(await audio.arrayBuffer());
      if (load !== this.#loads) return; // a newer clip was loaded meanwhile
      this.#peaks = peaks(buffer, this.#canvas.width);
    } catch {
      // The server decodes more containers than some browsers do; the ticks still show the timeline.
    }
    this.draw(0);
  }

  draw(timeMs: number): void {
    const g = this.#canvas.getContext('2d');
    if (!g) return;
    const { width, height } = this.#canvas;
    const wave = height - 14;
    g.clearRect(0, 0, width, height);
    g.fillStyle = '#8aa4c8';
    for (let x = 0; x < this.#peaks.length; x++) {
      const p = this.#peaks[x]! * (wave / 2);
      g.fillRect(x, (wave / 2) - p, 1, Math.max(1, p * 2));
    }

    const timeline = this.#timeline;
    if (!timeline || this.#durationMs <= 0) return;
    const scale = width / this.#durationMs;
    timeline.cues.forEach((cue, i) => {
      const end = timeline.cues[i + 1]?.t ?? timeline.durationMs;
      g.fillStyle = visemeColor(cue.v);
      g.fillRect(cue.t * scale, wave + 2, Math.max(1, (end - cue.t) * scale), 12);
    });
    g.fillStyle = '#e4572e';
    g.fillRect(Math.round(timeMs * scale), 0, 2, height);
  }
}

function peaks(buffer: AudioBuffer, columns: number): Float32Array {
  const data = buffer.getChannelData(0);
  const out = new Float32Array(columns);
  const step = Math.max(1, Math.floor(data.length / columns));
  let max = 1e-6;
  for (let c = 0; c < columns; c++) {
    let peak = 0;
    for (let i = c * step, end = Math.min(data.length, i + step); i < end; i++) peak = Math.max(peak, Math.abs(data[i]!));
    out[c] = peak;
    max = Math.max(max, peak);
  }
  for (let c = 0; c < columns; c++) out[c] = out[c]! / max;
  return out;
}
