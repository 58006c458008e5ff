import { createError } from '../errors.js';
import type { LiveStream } from './live.js';

/**
 * Feeds a live stream from a microphone (`MediaStream`) or a playing `<audio>`/`<video>` through an
 * AudioWorklet (`lipsync-tap.js`, beside this module), about every 20 ms. Without a `context`, one is
 * made at the stream's rate (the browser resamples the source to it); a given one must run at that rate.
 * Resolves to a function that stops the tap.
 */
export async function tapAudio(live: LiveStream, source: MediaStream | HTMLMediaElement, options: { readonly context?: AudioContext; readonly worklet?: string | URL } = {}): Promise<() => Promise<void>> {
  const context = options.context ?? new AudioContext({ sampleRate: live.sampleRate });
  if (context.sampleRate !== live.sampleRate) {
    throw createError('invalid_request', `The audio context runs at ${context.sampleRate} Hz but the stream expects ${live.sampleRate} Hz: create the stream with the context's sampleRate.`);
  }
  await context.audioWorklet.addModule(String(options.worklet ?? new URL('./lipsync-tap.js', import.meta.url)));
  const node = new AudioWorkletNode(context, 'lipsync-tap', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
  const input = source instanceof MediaStream ? context.createMediaStreamSource(source) : context.createMediaElementSource(source);
  if (!(source instanceof MediaStream)) input.connect(context.destination); // the element stays audible
  input.connect(node);
  node.port.onmessage = (e: MessageEvent<Float32Array>) => { live.push(e.data).catch(() => { /* reported as the stream's error event */ }); };
  if (context.state === 'suspended') await context.resume();
  return async () => {
    node.port.onmessage = null;
    input.disconnect(node);
    node.disconnect();
    // A media element stays routed through this context for good (Web Audio cannot undo that): keep
    // the context running so the element stays audible.
    if (!options.context && source instanceof MediaStream) await context.close();
  };
}
