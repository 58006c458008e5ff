import type { LiveStream } from './live.js';

/**
 * Feeds a live stream from a microphone (`MediaStream`) or a playing `<audio>`/`<video>` through an
 * AudioWorklet (`lipsync-tap.js`, beside this module), about every 20 ms, at the context's rate.
 * Resolves to a function that stops the tap.
 */
export async function tapAudio(live: LiveStream, source: MediaStream | HTMLMediaElement, options: { readonly context?: AudioContext; readonly worklet?: string | URL } = {}): Promise<() => Promise<void>> {
  const context = options.context ?? new AudioContext();
  await context.audioWorklet.addModule(String(options.worklet ?? new URL('./lipsync-tap.js', import.meta.url)));
  const node = new AudioWorkletNode(context, 'lipsync-tap', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
  const input = source instanceof MediaStream ? context.createMediaStreamSource(source) : context.createMediaElementSource(source);
  if (!(source instanceof MediaStream)) input.connect(context.destination); // the element stays audible
  input.connect(node);
  node.port.onmessage = (e: MessageEvent<Float32Array>) => { live.push(e.data).catch(() => { /* reported as the stream's error event */ }); };
  if (context.state === 'suspended') await context.resume();
  return async () => {
    node.port.onmessage = null;
    input.disconnect();
    node.disconnect();
    if (!options.context) await context.close();
  };
}
