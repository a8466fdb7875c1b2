// The live page's AudioWorklet: the microphone's first channel cut into frames of `frame`
// samples (20 ms), each posted as 16-bit little-endian PCM with its peak level. It runs on the
// browser's audio thread: it converts, and hands each frame's buffer over (a new one per frame,
// 50 a second: what a transfer costs).
"use strict";
class LoaLive extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.frame = (options.processorOptions && options.processorOptions.frame) || 960;
    this.buf = new Int16Array(this.frame);
    this.at = 0;
    this.peak = 0;
  }
  process(inputs) {
    var input = inputs[0] && inputs[0][0];
    if (!input) return true;
    for (var i = 0; i < input.length; i++) {
      var s = Math.max(-1, Math.min(1, input[i]));
      var a = Math.abs(s);
      if (a > this.peak) this.peak = a;
      this.buf[this.at++] = s < 0 ? s * 32768 : s * 32767;
      if (this.at === this.frame) {
        var out = this.buf;
        this.port.postMessage({ pcm: out.buffer, peak: this.peak }, [out.buffer]);
        this.buf = new Int16Array(this.frame);
        this.at = 0;
        this.peak = 0;
      }
    }
    return true;
  }
}
registerProcessor("loa-live", LoaLive);
