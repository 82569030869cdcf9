// The runs page: each run under runs/ with its figures, report, curves and confusion matrix.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);

  function link(href, text) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }

  function card(run) {
    const base = '/runs/' + encodeURIComponent(run.task) + '/' + encodeURIComponent(run.name) + '/';
    const div = document.createElement('article');
    div.className = 'run';
    const h = document.createElement('h2');
    h.textContent = run.task + ' / ' + run.name;
    div.appendChild(h);
    const facts = [];
    if (run.title) { facts.push(run.title); }
    if (run.accuracy != null) { facts.push('accuracy ' + (100 * run.accuracy).toFixed(1) + '%'); }
    if (run.macro_f1 != null) { facts.push('macro F1 ' + run.macro_f1.toFixed(3)); }
    if (run.images != null) { facts.push(run.images + ' test images'); }
    if (run.created) { facts.push(run.created.replace('T', ' ').slice(0, 16)); }
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = facts.join(' \u00b7 ');
    div.appendChild(p);
    const links = document.createElement('p');
    for (const f of run.files.filter((f) => !f.endsWith('.png'))) {
      links.append(link(base + f, f), ' ');
    }
    div.appendChild(links);
    const images = document.createElement('div');
    images.className = 'images';
    for (const f of run.files.filter((f) => f.endsWith('.png'))) {
      const img = document.createElement('img');
      img.loading = 'lazy';
      img.src = base + f;
      img.alt = f.replace('.png', '').replace('_', ' ') + ' of ' + run.name;
      images.appendChild(img);
    }
    div.appendChild(images);
    return div;
  }

  async function init() {
    try {
      const runs = await (await fetch('/api/runs')).json();
      $('empty').hidden = runs.length > 0;
      $('runs').replaceChildren(...runs.map(card));
      document.body.dataset.ready = 'true';
    } catch (e) {
      $('error').textContent = 'The server cannot be reached (' + e.message + '): check that citra serve is running.';
      $('error').hidden = false;
    }
  }

  init();
})();
