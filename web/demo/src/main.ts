import { LicenseSession, LipsyncError, OnDeviceEngine, TimelinePlayer, createError, createTimeline, tapAudio, type License, type MouthPose, type VisemeCue, type VisemeTimeline } from '@lipsync/web';
import { CueList } from './cue-list.js';
import { Mouth, shapes } from './mouth.js';
import { Recorder } from './recorder.js';
import { Waveform } from './waveform.js';

// The demo is served by the backend it calls (LocalHost's /demo), so the endpoint is this page's origin:
// a dev key may call the batch route from here (a local origin), and no CORS is involved.
const endpoint = location.origin;

const $ = <T extends HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from index.html`);
  return node as T;
};

const keyInput = $<HTMLInputElement>('key');
const statusBadge = $('status');
const log = $<HTMLOListElement>('log');
const audio = $<HTMLAudioElement>('audio');
const audioStatus = $('audio-status');
const audioError = $('audio-error');
const visemeLabel = $('viseme-label');
const recordButton = $<HTMLButtonElement>('record');
const onDevice = $<HTMLInputElement>('on-device');

const mouth = new Mouth();
$('mouth').append(mouth.element);
const waveform = new Waveform($<HTMLCanvasElement>('waveform'), audio);
const cueList = new CueList($<HTMLOListElement>('cues'));
let session: LicenseSession | undefined;
let player: TimelinePlayer | undefined;
let clipUrl: string | undefined;
let clipGeneration = 0; // the newest clip wins when two are in flight
let engine: { session: LicenseSession; engine: Promise<OnDeviceEngine> } | undefined;

// `./run` prints /demo/#key=<dev key>: take the key from the fragment (never sent to any server) and
// drop it from the address bar.
const fragmentKey = new URLSearchParams(location.hash.slice(1)).get('key');
if (fragmentKey) {
  keyInput.value = fragmentKey;
  history.replaceState(null, '', location.pathname + location.search);
}

// ---- license session ---------------------------------------------------------------------------------

$('start').addEventListener('click', () => void startSession());
$('refresh-now').addEventListener('click', () => void session?.refresh().catch(() => { /* shown by the events */ }));
$('stop').addEventListener('click', () => {
  session?.close();
  session = undefined;
  showStatus('idle');
  showLicense(undefined);
  note('session closed');
});

async function startSession(): Promise<void> {
  session?.close();
  session = undefined;
  const key = keyInput.value.trim();
  if (!key) {
    note('paste a dev key first (./run prints one)', 'error');
    return;
  }

  let current: LicenseSession;
  try {
    current = new LicenseSession({ endpoint, key, userId: 'demo-user' });
  } catch (e) {
    // e.g. a secret key pasted here: the SDK refuses to send it from a page.
    showStatus('error');
    showError(log, e, 'not started');
    return;
  }

  session = current;
  // Events of a session replaced by a newer one (Start again, Close) are ignored.
  const live = (): boolean => session === current;
  current.addEventListener('statuschange', (e) => { if (live()) showStatus((e as CustomEvent<{ status: string }>).detail.status); });
  current.addEventListener('refresh', (e) => {
    if (!live()) return;
    note(`refreshed: epoch ${(e as CustomEvent<{ epoch: number }>).detail.epoch}`);
    showLicense(current.license);
  });
  current.addEventListener('refused', (e) => { if (live()) showError(log, (e as CustomEvent<{ error: unknown }>).detail.error, 'refused'); });
  current.addEventListener('error', (e) => {
    // A failed init also raises 'error'; the catch below shows that one.
    if (live() && current.license) showError(log, (e as CustomEvent<{ error: unknown }>).detail.error, 'refresh failed');
  });
  try {
    const license = await current.init();
    if (!live()) return;
    note(`ready: ${license.keyType} key, epoch ${license.epoch}, refresh every ${Math.round(license.refreshAfterMs / 1000)} s`);
    showLicense(license);
  } catch (e) {
    if (live()) showError(log, e, 'init refused');
  }
}

function showStatus(status: string): void {
  statusBadge.textContent = status;
  statusBadge.dataset['status'] = status;
}

function showLicense(license: License | undefined): void {
  $('epoch').textContent = license ? String(license.epoch) : '–';
  $('session-id').textContent = license ? `${license.sessionId.slice(0, 18)}…` : '–';
  $('expires').textContent = license ? new Date(license.expiresAt).toLocaleTimeString() : '–';
}

function note(text: string, kind: 'info' | 'error' = 'info'): void {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  log.prepend(item);
}

/** An error as the SDK gives it: code, message, next step and request id, each readable. */
function showError(target: HTMLElement, error: unknown, what: string): void {
  const e = error instanceof LipsyncError ? error : undefined;
  const box = document.createElement(target === log ? 'li' : 'div');
  box.className = 'error';
  box.dataset['code'] = e?.code ?? 'unknown';
  const head = document.createElement('strong');
  head.textContent = `${what}: ${e?.code ?? 'error'}${e?.status ? ` (${e.status})` : ''}`;
  const message = document.createElement('span');
  message.textContent = e?.message ?? String(error);
  box.append(head, ' ', message);
  if (e?.nextStep) box.append(line('next step', e.nextStep));
  if (e?.requestId) box.append(line('request id', e.requestId));
  if (target === log) log.prepend(box);
  else target.replaceChildren(box);
}

function line(label: string, text: string): HTMLElement {
  const div = document.createElement('div');
  div.className = 'detail';
  div.textContent = `${label}: ${text}`;
  return div;
}

// ---- audio in: a file, the sample, or the microphone ---------------------------------------------------

const fileInput = $<HTMLInputElement>('file');
fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file) void animate(file, file.name);
});
$('sample').addEventListener('click', async () => {
  try {
    const response = await fetch('hello.wav');
    if (!response.ok) throw new Error(`the sample answered ${response.status}`);
    void animate(await response.blob(), 'hello.wav (sample)');
  } catch (e) {
    audioError.textContent = `The sample could not be loaded: ${(e as Error).message}`;
  }
});

const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = e.dataTransfer?.files[0];
  if (file) void animate(file, file.name);
});

const recorder = new Recorder((seconds) => { recordButton.textContent = `■ Stop (${seconds} s)`; }, () => void finishRecording());
async function finishRecording(): Promise<void> {
  recordButton.textContent = '● Record';
  const clip = await recorder.stop();
  void animate(clip, `recording (${clip.type || 'audio'})`);
}

let stopLive: (() => Promise<void>) | undefined;

recordButton.addEventListener('click', async () => {
  try {
    if (stopLive) {
      await stopLive();
    } else if (onDevice.checked) {
      await startLive();
    } else if (recorder.recording) {
      await finishRecording();
    } else {
      await recorder.start();
      recordButton.textContent = '■ Stop (0 s)';
    }
  } catch (e) {
    recordButton.textContent = '● Record';
    if (e instanceof LipsyncError) showError(audioError, e, 'live');
    else audioError.textContent = `The microphone is not available: ${(e as Error).message}`;
  }
});

/**
 * Live from the microphone on this device: the stream's cues drive the mouth as they come (about a
 * quarter second behind the voice), and the cue list grows. Stops on the button or when the license
 * is refused (the stream's error names the code).
 */
async function startLive(): Promise<void> {
  const current = session;
  if (!current) throw createError('engine_not_licensed', 'Start the license session first: the on-device engine runs only while it is ready.');
  const created = await engineFor(current);
  // The voice as it is: echo cancellation, noise suppression and gain control reshape it for calls, not for the model.
  const microphone = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  const context = new AudioContext();
  const live = created.stream({ sampleRate: context.sampleRate }); // the device's rate: the SDK resamples
  const cues: VisemeCue[] = [];
  player?.close();
  player = undefined;
  audioError.replaceChildren();
  cueList.show({ version: 1, durationMs: 0, speechMs: 0, frameMs: 10, cues: [] });
  live.addEventListener('cue', (e) => {
    const cue = (e as CustomEvent<VisemeCue>).detail;
    cues.push(cue);
    cueList.append(cue);
    render({ viseme: cue.v, next: cue.v, blend: 0, timeMs: cue.t });
    audioStatus.textContent = `live on this device: ${cues.length} cues, ${(cue.t / 1000).toFixed(1)} s`;
  });
  live.addEventListener('error', (e) => {
    showError(audioError, (e as CustomEvent<{ error: unknown }>).detail.error, 'live stream stopped');
    void stopLive?.();
  });
  const stopTap = await tapAudio(live, microphone, { context });
  stopLive = async () => {
    stopLive = undefined;
    await stopTap();
    for (const track of microphone.getTracks()) track.stop();
    live.close();
    await context.close();
    recordButton.textContent = '● Record';
    audioStatus.dataset['state'] = 'idle';
  };
  recordButton.textContent = '■ Stop live';
  audioStatus.textContent = 'live on this device: listening…';
  audioStatus.dataset['state'] = 'live';
}

/** Sends the clip to POST /api/v1/timelines as it is (the server decodes it), then plays it with the mouth. */
async function animate(clip: Blob, label: string): Promise<void> {
  const key = keyInput.value.trim();
  audioError.replaceChildren();
  if (!key) {
    audioError.textContent = 'Paste a dev key first (./run prints one).';
    return;
  }

  const generation = ++clipGeneration;
  audioStatus.textContent = `${label}: making the timeline…`;
  audioStatus.dataset['state'] = 'working';
  const started = performance.now();
  let timeline: VisemeTimeline;
  const where = onDevice.checked ? 'on this device' : 'by the server';
  try {
    timeline = onDevice.checked ? await onThisDevice(clip) : await createTimeline({ endpoint, key }, clip, clip.type || 'application/octet-stream');
  } catch (e) {
    if (generation !== clipGeneration) return;
    audioStatus.textContent = `${label}: refused`;
    audioStatus.dataset['state'] = 'error';
    showError(audioError, e, 'timeline');
    return;
  }

  if (generation !== clipGeneration) return;
  const took = Math.round(performance.now() - started);
  audioStatus.textContent = `${label}: ${(timeline.durationMs / 1000).toFixed(2)} s of audio, ${(timeline.speechMs / 1000).toFixed(2)} s speech, ${timeline.cues.length} cues, made ${where} in ${took} ms`;
  audioStatus.dataset['state'] = 'ready';
  audioStatus.dataset['where'] = onDevice.checked ? 'device' : 'server';
  play(clip, timeline);
}

/**
 * The clip decoded by the browser (Web Audio, at 16 kHz) and turned into a timeline by the on-device
 * engine, which the current license session unlocks (created once per session, on first use).
 */
async function onThisDevice(clip: Blob): Promise<VisemeTimeline> {
  const current = session;
  if (!current) throw createError('engine_not_licensed', 'Start the license session first: the on-device engine runs only while it is ready.');
  const created = await engineFor(current);
  // Web Audio decodes (any format the browser reads) at 48 kHz; the SDK mixes nothing, so average the
  // channels here, and its resampler takes 48 kHz to the model's 16 kHz as the server's does.
  const decoded = await new OfflineAudioContext(1, 1, 48_000).decodeAudioData(await clip.arrayBuffer());
  const mono = new Float32Array(decoded.length);
  for (let c = 0; c < decoded.numberOfChannels; c++) {
    const channel = decoded.getChannelData(c);
    for (let i = 0; i < mono.length; i++) mono[i] = mono[i]! + (channel[i]! / decoded.numberOfChannels);
  }
  const result = await created.processAudio(mono, { sampleRate: decoded.sampleRate });
  return result.timeline;
}

/** The on-device engine of this license session (made once per session, on first use). */
async function engineFor(current: LicenseSession): Promise<OnDeviceEngine> {
  if (engine?.session !== current) {
    void engine?.engine.then((old) => old.close(), () => {}); // the replaced session's engine
    engine = { session: current, engine: OnDeviceEngine.create({ session: current }) };
  }
  return engine.engine.catch((e: unknown) => {
    engine = undefined; // a later try (after a reload) starts over
    throw e;
  });
}

function play(clip: Blob, timeline: VisemeTimeline): void {
  player?.close();
  if (clipUrl) URL.revokeObjectURL(clipUrl);
  clipUrl = URL.createObjectURL(clip);
  audio.src = clipUrl;
  cueList.show(timeline);
  void waveform.load(clip, timeline);
  player = new TimelinePlayer(audio, timeline, render, { smoothingMs: 60 });
  document.body.dataset['timeline'] = 'ready';
}

function render(pose: MouthPose): void {
  mouth.draw(pose);
  waveform.draw(pose.timeMs);
  cueList.highlight(pose.timeMs);
  visemeLabel.textContent = `${pose.viseme} · ${shapes[pose.viseme]?.name ?? ''}`;
}

if (keyInput.value) void startSession();
