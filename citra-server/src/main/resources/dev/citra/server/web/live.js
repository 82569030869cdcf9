// The live camera page: the camera's frames go to the server over a WebSocket, one at a time, and
// each answer is drawn over the video. Plain DOM, no libraries: it must work offline.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  // Frames wider than this are scaled down before sending: Haar detection searches at 320 px anyway.
  const MAX_WIDTH = 640;
  const JPEG_QUALITY = 0.8;
  // The page never asks for more than this, whatever the server allows: a phone's battery matters too.
  const PAGE_FPS = 10;
  const canvas = document.createElement('canvas');
  let keyRequired = false;
  let socket = null;
  let stream = null;
  let running = false;
  let inFlight = false;
  let fatalShown = false;
  let maxFps = PAGE_FPS;
  let lastSent = 0;
  let timer = null;
  let audio = null;
  let tone = null;
  let frames = 0;
  let mirrored = false;

  function percent(p) { return (100 * p).toFixed(0) + '%'; }

  function showError(text) {
    $('error').textContent = text;
    $('error').hidden = !text;
  }

  function cameraMessage(e) {
    switch (e && e.name) {
      case 'NotAllowedError':
      case 'SecurityError':
        return 'The camera permission was refused: allow the camera for this page (the camera icon in the address bar)'
          + ' and press Start again.';
      case 'NotFoundError':
      case 'OverconstrainedError':
        return 'No camera was found: connect one and press Start again.';
      case 'NotReadableError':
      case 'AbortError':
        return 'The camera cannot be opened: another application may be using it; close that one and press Start again.';
      default:
        return 'The camera cannot be opened (' + ((e && e.message) || e) + '): press Start again, or try another browser.';
    }
  }

  async function start() {
    showError('');
    fatalShown = false;
    const model = $('model').value;
    if (!model) {
      showError('No classifier is served: start citra serve with a classification bundle to use the camera.');
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      showError('This browser gives pages the camera only over HTTPS or on localhost: open this page as'
        + ' http://localhost:' + location.port + '/live.html on the server\'s machine, or serve it behind HTTPS.');
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false,
        video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } });
    } catch (e) {
      showError(cameraMessage(e));
      return;
    }
    try {
      // Created on the click, as browsers allow sound only after a gesture.
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      audio.resume();
    } catch (e) {
      audio = null;
    }
    const video = $('video');
    video.srcObject = stream;
    // A camera facing the user is shown as a mirror, as camera apps show a self-view; the frames sent
    // to the server are drawn from the stream itself, so they are never mirrored.
    const facing = stream.getVideoTracks()[0].getSettings().facingMode;
    mirrored = facing !== 'environment';
    video.classList.toggle('mirrored', mirrored);
    video.play().catch(() => {});
    $('stage').hidden = false;
    $('start').hidden = true;
    $('stop').hidden = false;
    $('status').textContent = 'Connecting\u2026';
    connect(model, $('mode').value);
  }

  function connect(model, mode) {
    const params = new URLSearchParams({ model: model, mode: mode });
    if (mode === 'drowsiness') { params.set('alarm_seconds', $('alarm-seconds').value); }
    if (keyRequired && $('api-key').value) { params.set('api_key', $('api-key').value); }
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live?' + params);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (event) => handle(JSON.parse(event.data));
    socket.onclose = (event) => {
      if (!fatalShown && $('stop').hidden === false) {
        showError(event.reason ? 'The server closed the connection: ' + event.reason
          : 'The connection to the server was lost: check that citra serve is running, then press Start again.');
      }
      stop();
    };
  }

  function handle(m) {
    if (m.type === 'ready') {
      maxFps = Math.min(PAGE_FPS, m.max_fps || PAGE_FPS);
      running = true;
      $('status').textContent = 'Watching with ' + m.model + ' (' + m.mode + ')';
      sendFrame();
    } else if (m.type === 'error') {
      if (m.fatal) {
        fatalShown = true;
        showError(m.message);
      } else {
        $('status').textContent = m.message;
      }
      inFlight = false;
      schedule();
    } else if (m.type === 'frame') {
      inFlight = false;
      frames++;
      draw(m);
      schedule();
    }
  }

  /** The next frame leaves when the answer is in and the rate allows: a slow server never gets a queue. */
  function schedule() {
    if (!running) { return; }
    clearTimeout(timer);
    timer = setTimeout(sendFrame, Math.max(0, lastSent + 1000 / maxFps - performance.now()));
  }

  function sendFrame() {
    if (!running || inFlight || !socket || socket.readyState !== WebSocket.OPEN) { return; }
    const video = $('video');
    if (!video.videoWidth) {
      timer = setTimeout(sendFrame, 100);
      return;
    }
    const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    inFlight = true;
    canvas.toBlob((blob) => {
      if (!blob || !running || socket.readyState !== WebSocket.OPEN) {
        inFlight = false;
        schedule();
        return;
      }
      lastSent = performance.now();
      socket.send(blob);
    }, 'image/jpeg', JPEG_QUALITY);
  }

  function box(overlay, m, b, className, label) {
    const d = document.createElement('div');
    d.className = 'box ' + className;
    const x = mirrored ? m.width - b[0] - b[2] : b[0];
    d.style.left = (100 * x / m.width) + '%';
    d.style.top = (100 * b[1] / m.height) + '%';
    d.style.width = (100 * b[2] / m.width) + '%';
    d.style.height = (100 * b[3] / m.height) + '%';
    if (label) {
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = label;
      d.appendChild(tag);
    }
    overlay.appendChild(d);
    return d;
  }

  function draw(m) {
    const overlay = $('overlay');
    overlay.replaceChildren();
    const figures = [m.fps == null ? '' : m.fps.toFixed(1) + ' frames/s', 'server ' + Math.round(m.millis) + ' ms'];
    let top = '';
    if (m.faces) {
      for (const f of m.faces) {
        box(overlay, m, f.box, 'face', f.label + ' ' + percent(f.probability)).dataset.label = f.label;
      }
      top = m.faces.length === 0 ? 'No face in view' : m.faces.map((f) => f.label).join(', ');
    }
    if (m.state) {
      if (m.face) {
        const state = m.state === 'alarm' ? 'Closed Eyes' : 'eyes ' + m.state;
        box(overlay, m, m.face, 'face ' + m.state, state).dataset.label = m.state;
      }
      for (const e of m.eyes) {
        box(overlay, m, e.box, 'eye' + (e.closed_probability >= 0.5 ? ' closed' : ''), null);
      }
      top = m.state === 'no_face' ? 'No face in view' : 'Eyes ' + (m.state === 'alarm' ? 'closed: wake up!' : m.state);
      figures.push('closed ' + m.closed_seconds.toFixed(1) + ' s', 'PERCLOS ' + (m.perclos == null ? '-' : percent(m.perclos)),
        'blinks ' + m.blinks + ' (' + (m.blinks_per_minute == null ? '-' : m.blinks_per_minute.toFixed(0)) + '/min)');
    }
    if (m.top) {
      top = m.top.map((p) => p.label + ' ' + percent(p.probability)).join(' \u00b7 ');
      $('top').dataset.label = m.top[0].label;
    }
    $('top').textContent = top;
    $('alarm').hidden = !m.alarm;
    beep(!!m.alarm);
    $('figures').textContent = figures.filter((f) => f).join(' \u00b7 ');
    document.body.dataset.frames = String(frames);
  }

  /** A pulsing 880 Hz tone while the alarm lasts. */
  function beep(on) {
    if (!audio) { return; }
    if (on && !tone) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'square';
      osc.frequency.value = 880;
      gain.gain.value = 0.12;
      osc.connect(gain).connect(audio.destination);
      osc.start();
      const pulse = setInterval(() => { gain.gain.value = gain.gain.value > 0 ? 0 : 0.12; }, 250);
      tone = { osc: osc, pulse: pulse };
    } else if (!on && tone) {
      clearInterval(tone.pulse);
      tone.osc.stop();
      tone = null;
    }
  }

  function stop() {
    running = false;
    inFlight = false;
    clearTimeout(timer);
    beep(false);
    if (socket && socket.readyState <= WebSocket.OPEN) { socket.close(1000, 'stopped'); }
    socket = null;
    if (stream) { stream.getTracks().forEach((t) => t.stop()); }
    stream = null;
    $('overlay').replaceChildren();
    $('alarm').hidden = true;
    $('start').hidden = false;
    $('stop').hidden = true;
    $('status').textContent = '';
  }

  async function init() {
    $('start').addEventListener('click', start);
    $('stop').addEventListener('click', stop);
    $('mode').addEventListener('change', () => { $('alarm-field').hidden = $('mode').value !== 'drowsiness'; });
    $('alarm-field').hidden = $('mode').value !== 'drowsiness';
    try {
      const health = await (await fetch('/api/health')).json();
      keyRequired = health.api_key_required;
      $('key-field').hidden = !keyRequired;
      if (!health.live_cascades) {
        $('status').textContent = 'Expression and drowsiness find faces with OpenCV\'s Haar cascades, which this server'
          + ' did not find (start citra serve with --cascades DIR); classify works without them.';
      }
      const list = await (await fetch('/api/models')).json();
      for (const m of list.filter((m) => m.task === 'classify')) {
        $('model').add(new Option(m.name + ' (' + m.labels.length + ' classes)', m.name));
      }
      if (!$('model').options.length) {
        showError('No classifier is served: the live camera needs a classification bundle (citra serve --model ...).');
      }
      const params = new URLSearchParams(location.search);
      const asked = params.get('model');
      if (asked) {
        const model = list.find((m) => m.name === asked);
        if (!model) {
          showError('No model named ' + asked + ' is served: pick one of the list.');
        } else if (model.task !== 'classify') {
          showError('Model ' + asked + ' does task ' + model.task + '; the live camera needs a classifier: pick one of the list.');
        } else {
          $('model').value = asked;
        }
      }
      if (params.get('mode')) { $('mode').value = params.get('mode'); $('mode').dispatchEvent(new Event('change')); }
      document.body.dataset.ready = 'true';
    } catch (e) {
      showError('The server cannot be reached (' + e.message + '): check that citra serve is running.');
    }
  }

  init();
})();
