/**
 * Microphone recording with MediaRecorder. The clip is sent as the browser made it (WebM/Opus in
 * Chromium and Firefox, MP4 in Safari): the server decodes the container, or says with a code that it
 * cannot. Stops by itself after a minute, under the synchronous route's duration limit.
 */
export class Recorder {
  static readonly maxSeconds = 60;
  readonly #onTick: (seconds: number) => void;
  readonly #onLimit: () => void;
  #recorder: MediaRecorder | undefined;
  #chunks: Blob[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped: Promise<Blob> | undefined;

  /** `onTick` each second while recording; `onLimit` when the recording stopped itself at the limit. */
  constructor(onTick: (seconds: number) => void, onLimit: () => void) {
    this.#onTick = onTick;
    this.#onLimit = onLimit;
  }

  get recording(): boolean {
    return this.#recorder?.state === 'recording';
  }

  async start(): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true } });
    const recorder = new MediaRecorder(stream);
    this.#recorder = recorder;
    this.#chunks = [];
    this.#stopped = new Promise((resolve) => {
      recorder.addEventListener('stop', () => {
        for (const track of stream.getTracks()) track.stop();
        resolve(new Blob(this.#chunks, { type: recorder.mimeType }));
      });
    });
    recorder.addEventListener('dataavailable', (e) => { if (e.data.size > 0) this.#chunks.push(e.data); });
    recorder.start(250);
    const started = Date.now();
    this.#timer = setInterval(() => {
      const seconds = Math.floor((Date.now() - started) / 1000);
      this.#onTick(seconds);
      if (seconds >= Recorder.maxSeconds) {
        clearInterval(this.#timer);
        recorder.stop();
        this.#onLimit();
      }
    }, 250);
  }

  /** Ends the recording: the clip, as one Blob of the recorder's media type. */
  async stop(): Promise<Blob> {
    clearInterval(this.#timer);
    if (this.#recorder?.state === 'recording') this.#recorder.stop();
    if (!this.#stopped) throw new Error('nothing was recorded');
    return this.#stopped;
  }
}
