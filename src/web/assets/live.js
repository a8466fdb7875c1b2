// The live page (spec §12): the microphone → an AudioWorklet (live-worklet.js) that cuts it into
// 20 ms frames of 16-bit samples → the WebSocket /api/v1/live, each frame as it is (pcm_s16le)
// or, where the browser has WebCodecs' Opus encoder, as one Opus packet (a tenth of the data:
// what a phone on a weak network needs). What the page shows is what the
// daemon says ({"state": "waiting" | "on-air" | "ended" | "refused"}); the words are the page's
// own (data-* attributes, in the reader's language).
"use strict";
(function () {
  var box = document.getElementById("live");
  if (!box) return;
  var state = document.getElementById("live-state");
  var detail = document.getElementById("live-detail");
  var start = document.getElementById("live-start");
  var stop = document.getElementById("live-stop");
  var meter = document.getElementById("live-level");
  var emergency = document.getElementById("live-emergency");
  var words = function (k) { return box.getAttribute("data-" + k) || ""; };
  var ws = null, ctx = null, mic = null, countdown = null, enc = null, stopped = false;

  // WebCodecs' Opus encoder for sound at `rate`, or null where there is none.
  function opus(rate, send) {
    if (!window.AudioEncoder || !window.AudioData) return Promise.resolve(null);
    var config = { codec: "opus", sampleRate: rate, numberOfChannels: 1, bitrate: 32000,
                   opus: { frameDuration: 20000 } };
    return AudioEncoder.isConfigSupported(config).then(function (r) {
      if (!r.supported) return null;
      var e = new AudioEncoder({
        output: function (chunk) {
          var b = new ArrayBuffer(chunk.byteLength);
          chunk.copyTo(b);
          send(b);
        },
        error: function () {}
      });
      e.configure(config);
      return e;
    }).catch(function () { return null; });
  }

  function show(text, more, onAir) {
    state.textContent = text;
    detail.textContent = more || "";
    box.classList.toggle("on-air", !!onAir);
  }
  function count(seconds) {
    clearInterval(countdown);
    var until = Date.now() + seconds * 1000;
    var paint = function () {
      var left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      detail.textContent = words("waiting").replace("%s", left);
    };
    paint();
    countdown = setInterval(paint, 250);
  }
  function finish() {
    clearInterval(countdown);
    if (mic) mic.getTracks().forEach(function (t) { t.stop(); });
    if (ctx) ctx.close();
    if (enc && enc.state !== "closed") enc.close();
    // (Closed by the page once it has heard the end: the server waits for that.)
    var w = ws;
    mic = ctx = ws = enc = null;
    if (w && w.readyState < 2) w.close();
    meter.value = 0;
    start.disabled = false;
    stop.disabled = true;
  }
  function heard(m) {
    if (m.state === "waiting") {
      show(words("asking"), "", false);
      if (m.behind) detail.textContent = words("behind").replace("%id", m.behind);
      else if (typeof m.seconds === "number" && m.seconds > 0) count(m.seconds);
    } else if (m.state === "on-air") {
      clearInterval(countdown);
      show(words("on-air"), "", true);
    } else if (m.state === "ended") {
      show(words("ended"), m.reason || "", false);
      finish();
    } else if (m.state === "refused") {
      show(words("refused"), m.reason || "", false);
      finish();
    }
  }
  start.addEventListener("click", function () {
    start.disabled = true;
    show(words("asking"), "", false);
    // The sound as the microphone gives it: a noise suppressor takes a steady voice for noise
    // and fades it, and an automatic gain pumps on a loudspeaker line.
    var constraints = { audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } };
    if (!navigator.mediaDevices || !window.AudioWorkletNode) {
      show(words("no-mic"), "", false);
      start.disabled = false;
      return;
    }
    // Made in the press itself: a phone's browser starts an audio context made later suspended.
    ctx = new AudioContext();
    navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
      mic = stream;
      return ctx.audioWorklet.addModule("/assets/live-worklet.js").then(function () {
        var node = new AudioWorkletNode(ctx, "loa-live", {
          numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1],
          processorOptions: { frame: Math.round(ctx.sampleRate / 50) }
        });
        ctx.createMediaStreamSource(stream).connect(node);
        node.connect(ctx.destination); // (silence: it keeps the graph pulling)
        var send = function (b) { if (ws && ws.readyState === 1) ws.send(b); };
        return opus(ctx.sampleRate, send).then(function (e) {
          enc = e;
          box.setAttribute("data-format", enc ? "opus" : "pcm_s16le");
          var hello = enc ? { format: "opus", rate: 48000 } : { format: "pcm_s16le", rate: ctx.sampleRate };
          hello.channels = 1;
          hello.emergency = emergency.checked;
          open(node, hello);
        });
      });
    }).catch(function () {
      show(words("no-mic"), "", false);
      finish();
    });
  });
  // The WebSocket: the first message, then each frame as it comes.
  function open(node, hello) {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/v1/live";
    var frames = 0;
    stopped = false;
    ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    ws.onopen = function () {
      ws.send(JSON.stringify(hello));
      stop.disabled = false;
    };
    ws.onmessage = function (e) { try { heard(JSON.parse(e.data)); } catch (x) {} };
    ws.onclose = function () {
      if (ws) { show(words("lost"), "", false); finish(); }
    };
    node.port.onmessage = function (e) {
      meter.value = e.data.peak;
      // (After stop, nothing more: the server has stopped listening.)
      if (!ws || ws.readyState !== 1 || stopped) return;
      if (!enc) { ws.send(e.data.pcm); return; }
      var n = e.data.pcm.byteLength / 2;
      var data = new AudioData({
        format: "s16", sampleRate: ctx.sampleRate, numberOfFrames: n, numberOfChannels: 1,
        timestamp: Math.round(frames * 1e6 / ctx.sampleRate), data: e.data.pcm
      });
      frames += n;
      enc.encode(data);
      data.close();
    };
  }
  stop.addEventListener("click", function () {
    stop.disabled = true;
    stopped = true;
    var said = function () {
      if (ws && ws.readyState === 1) ws.send(JSON.stringify({ stop: true }));
    };
    // What the encoder still holds goes out before the word that it has finished.
    if (enc && enc.state === "configured") enc.flush().then(said, said);
    else said();
  });
})();
