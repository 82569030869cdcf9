// The upload page: pick a model, send a photo, show its classes (a classifier) or its caption (a caption
// model). Plain DOM, no libraries: it must work offline.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const models = new Map();
  let keyRequired = false;

  function percent(p) { return (100 * p).toFixed(1) + '%'; }

  function showError(text) {
    $('error').textContent = text;
    $('error').hidden = !text;
  }

  function selectedModel() { return models.get($('model').value); }

  function isCaption(model) { return model.task === 'caption'; }

  function describe(model) {
    if (!model) { return; }
    const input = model.input;
    $('model-info').textContent = (isCaption(model) ? 'Captions' : model.labels.length + ' classes') + ', input '
      + input.size + '\u00d7' + input.size + (input.channels === 1 ? ' grey' : ' colour') + ' (' + model.architecture + ')';
    $('beam-field').hidden = !isCaption(model);
    $('notice').textContent = model.notice || '';
    $('notice').hidden = !model.notice;
  }

  async function problemText(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || response.statusText;
    } catch (e) {
      return response.status + ' ' + response.statusText;
    }
  }

  function render(model, body) {
    $('top').hidden = isCaption(model);
    $('bars').hidden = isCaption(model);
    $('caption').hidden = !isCaption(model);
    if (isCaption(model)) {
      renderCaption(body);
    } else {
      renderClasses(body);
    }
    $('timing').textContent = body.width + '\u00d7' + body.height + ' px, answered in ' + Math.round(body.millis) + ' ms';
    if (body.notice) {
      $('notice').textContent = body.notice;
      $('notice').hidden = false;
    }
    $('result').hidden = false;
  }

  function renderCaption(body) {
    const caption = $('caption');
    caption.dataset.caption = body.caption;
    caption.dataset.beam = String(body.beam);
    caption.replaceChildren();
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = body.caption ? body.caption : '(the model ended the caption at once: no words)';
    const how = document.createElement('span');
    how.className = 'muted how';
    how.textContent = (body.beam === 1 ? 'greedy' : 'beam ' + body.beam) + ', log-probability '
      + body.log_probability.toFixed(2);
    caption.append(text, how);
  }

  function renderClasses(body) {
    const top = body.predictions[0];
    $('top-label').textContent = top.label;
    $('top-probability').textContent = percent(top.probability);
    const bars = $('bars');
    bars.replaceChildren();
    for (const p of body.predictions) {
      const li = document.createElement('li');
      li.dataset.label = p.label;
      li.dataset.probability = String(p.probability);
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = p.label;
      const track = document.createElement('span');
      track.className = 'track';
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.display = 'block';
      fill.style.width = Math.max(0, Math.min(100, 100 * p.probability)).toFixed(2) + '%';
      track.appendChild(fill);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = percent(p.probability);
      li.append(label, track, value);
      bars.appendChild(li);
    }
  }

  function endpoint(model) {
    const base = '/api/models/' + encodeURIComponent(model.name);
    if (isCaption(model)) {
      return base + '/caption' + ($('beam').value ? '?beam=' + $('beam').value : '');
    }
    return base + '/predict?top_k=' + model.labels.length;
  }

  async function send(file) {
    const model = selectedModel();
    if (!file || !model) { return; }
    showError('');
    $('status').textContent = (isCaption(model) ? 'Captioning ' : 'Classifying ') + file.name + '\u2026';
    const preview = $('preview');
    if (preview.src.startsWith('blob:')) { URL.revokeObjectURL(preview.src); }
    preview.src = URL.createObjectURL(file);
    const form = new FormData();
    form.append('image', file, file.name);
    const headers = {};
    if (keyRequired && $('api-key').value) { headers['X-API-Key'] = $('api-key').value; }
    try {
      const response = await fetch(endpoint(model), { method: 'POST', body: form, headers: headers });
      if (!response.ok) {
        $('result').hidden = true;
        showError(await problemText(response));
        $('status').textContent = '';
        return;
      }
      render(model, await response.json());
      $('status').textContent = 'Done: ' + file.name;
    } catch (e) {
      showError('The server cannot be reached (' + e.message + '): check that citra serve is running.');
      $('status').textContent = '';
    }
  }

  function wireInputs() {
    for (const id of ['file', 'camera']) {
      $(id).addEventListener('change', (e) => { send(e.target.files[0]); e.target.value = ''; });
    }
    const drop = $('drop');
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      if (e.dataTransfer.files.length) { send(e.dataTransfer.files[0]); }
    });
    $('model').addEventListener('change', () => { describe(selectedModel()); $('result').hidden = true; });
  }

  async function init() {
    wireInputs();
    try {
      const health = await (await fetch('/api/health')).json();
      keyRequired = health.api_key_required;
      $('key-field').hidden = !keyRequired;
      const list = await (await fetch('/api/models')).json();
      const select = $('model');
      for (const m of list.filter((m) => m.task === 'classify' || m.task === 'caption')) {
        models.set(m.name, m);
        select.add(new Option(m.name + ' (' + (isCaption(m) ? 'caption' : 'classify') + ')', m.name));
      }
      describe(selectedModel());
      document.body.dataset.ready = 'true';
    } catch (e) {
      showError('The server cannot be reached (' + e.message + '): check that citra serve is running.');
    }
  }

  init();
})();
