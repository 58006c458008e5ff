// AudioWorklet processor of @lipsync/web's tapAudio: batches render quanta (128 samples) into ~20 ms
// chunks of mono Float32 and posts them to the page, which pushes them into a LiveStream.
class LipsyncTap extends AudioWorkletProcessor {
  constructor() {
    super();
    this.size = Math.round(sampleRate / 50);
    this.buffer = new Float32Array(this.size);
    this.count = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      this.buffer[this.count++] = channel[i];
      if (this.count === this.size) {
        this.port.postMessage(this.buffer);
        this.buffer = new Float32Array(this.size);
        this.count = 0;
      }
    }
    return true;
  }
}

registerProcessor('lipsync-tap', LipsyncTap);
