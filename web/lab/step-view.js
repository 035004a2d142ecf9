// Step-through mode: runs one real training step of the toy GAN (GanTrainer.step(), in the toy's
// worker) with the trainer's onPhase hook recording copies of each phase's tensors, then lets the
// reader walk through the phases: the tensors with their shapes and first values, what changed since
// the previous phase, and links to the source lines (found by the server, /source-links.json).
import { PHASES } from './phases.js';

const $ = (id) => document.getElementById(id);
const FIRST_VALUES = 4;

const norm = (values) => Math.sqrt(values.reduce((s, v) => s + v * v, 0));
const distance = (a, b) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
const mean = (values) => values.reduce((s, v) => s + v, 0) / values.length;
const fmt = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(4));
const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Disable or enable `button`; a disabled button loses the keyboard focus to the page, so hand it to `instead`. */
function setDisabled(button, disabled, instead) {
  const focused = document.activeElement === button;
  button.disabled = disabled;
  if (disabled && focused) instead.focus();
}

export function initStep(lab) {
  const state = { recorded: [], index: -1, links: null, linkError: null };
  const info = Object.fromEntries(PHASES.map((p) => [p.id, p]));

  fetch('/source-links.json').then((r) => (r.ok ? r.json() : Promise.reject(new Error(`/source-links.json: HTTP ${r.status}`))))
    .then((links) => { state.links = links; if (state.index >= 0) show(state.index); })
    .catch((e) => { state.linkError = e.message; });

  async function record() {
    const { recorded, stepCount } = await lab.toy.record();
    state.recorded = recorded;
    state.step = stepCount;
    describeChanges();
    renderList();
    show(0);
  }

  /** For each phase, one line on what changed since the phase before it. */
  function describeChanges() {
    let lastDParams = null;
    state.recorded.forEach((r, i) => {
      const t = Object.fromEntries(r.tensors.map((x) => [x.name, x]));
      const previous = state.recorded[i - 1];
      const all = (list) => list.flatMap((x) => x.values);
      const sigmoidMean = (values) => mean(values.map((v) => 1 / (1 + Math.exp(-v))));
      switch (r.phase) {
        case 'sample-z': case 'fresh-z':
          r.changed = `The noise stream moved on: offset ${previous?.offset ?? r.offset - t.z.values.length} → ${r.offset} (${t.z.values.length} new draws); mean ${fmt(mean(t.z.values))}, RMS ${fmt(norm(t.z.values) / Math.sqrt(t.z.values.length))}.`;
          break;
        case 'generator-forward':
          r.changed = `New tensor G(z), ${t.fake.shape.join('×')}: mean ${fmt(mean(t.fake.values))}. Made under noGrad: nothing recorded for backward.`;
          break;
        case 'discriminator-forward':
          r.changed = `Mean D(x) on real ${fmt(sigmoidMean(t.logitsReal.values))}, mean D(G(z)) on fake ${fmt(sigmoidMean(t.logitsFake.values))}.`;
          break;
        // D's loss adds two means (real and fake), G's is one: a coin toss (D = 0.5) costs ln 2 per term.
        case 'discriminator-loss':
          r.changed = `Loss ${fmt(t.loss.values[0])}: the mean on real plus the mean on fake (a coin toss, D = 0.5, gives ln 2 ≈ 0.693 each, 1.386 in all).`;
          break;
        case 'generator-loss':
          r.changed = `Loss ${fmt(t.loss.values[0])} (a coin toss, D(G(z)) = 0.5, gives ln 2 ≈ 0.693).`;
          break;
        case 'discriminator-backward': case 'generator-backward':
          r.changed = `Gradients appeared on ${r.tensors.length} parameter tensors; total norm ‖∇‖ = ${fmt(norm(all(r.tensors)))}.`;
          break;
        case 'discriminator-adam': case 'generator-adam': {
          const before = previous?.before ?? [];
          const delta = distance(all(r.tensors), all(before)), size = norm(all(before));
          r.changed = `Parameters moved: ‖Δθ‖ = ${fmt(delta)} (${fmt((100 * delta) / size)}% of ‖θ‖ = ${fmt(size)}).`;
          r.updateNorm = delta;
          if (r.phase === 'discriminator-adam') lastDParams = all(r.tensors);
          if (r.phase === 'generator-adam' && lastDParams && r.discriminatorAfter) {
            r.frozenChange = distance(all(r.discriminatorAfter), lastDParams);
            r.changed += ` D was frozen: its parameters moved by ${fmt(r.frozenChange)} during G's update.`;
          }
          break;
        }
      }
    });
  }

  function renderList() {
    $('step-phases').innerHTML = '';
    state.recorded.forEach((r, i) => {
      const item = document.createElement('li'), button = document.createElement('button');
      button.textContent = info[r.phase].title;
      button.onclick = () => show(i);
      item.append(button);
      $('step-phases').append(item);
    });
  }

  function sourceLinks(phase) {
    if (state.linkError) return `<p class="error">Source links unavailable: ${escape(state.linkError)}</p>`;
    if (!state.links) return '<p class="note">Loading source links…</p>';
    return `<p>Source: ${(state.links[phase] ?? []).map((l) =>
      `<a class="source-link" data-file="${escape(l.file)}" data-line="${l.line}" data-op="${escape(l.op)}" href="/web/lab/source.html?file=${encodeURIComponent(l.file)}&line=${l.line}" target="_blank" rel="noopener">${escape(l.file)}:${l.line}</a> <code>${escape(l.op)}</code>`).join(' · ')}</p>`;
  }

  function show(i) {
    if (i < 0 || i >= state.recorded.length) return;
    state.index = i;
    const r = state.recorded[i], p = info[r.phase];
    [...$('step-phases').querySelectorAll('button')].forEach((b, j) => (j === i ? b.setAttribute('aria-current', 'step') : b.removeAttribute('aria-current')));
    const rows = r.tensors.map((t) =>
      `<tr><td><code>${escape(t.name)}</code></td><td>[${t.shape.join(', ')}]</td><td class="values">${t.values.slice(0, FIRST_VALUES).map(fmt).join(', ')}${t.values.length > FIRST_VALUES ? ', …' : ''}</td><td>${fmt(norm(t.values))}</td></tr>`).join('');
    $('step-detail').innerHTML = `<h2>${escape(p.title)} <span class="note">(phase ${i + 1} of ${state.recorded.length}, training step ${state.step})</span></h2>
      <p>${escape(p.text)}</p>
      <p class="changed"><strong>Changed:</strong> ${escape(r.changed)}</p>
      <table><thead><tr><th>tensor</th><th>shape</th><th>first values</th><th>‖·‖₂</th></tr></thead><tbody>${rows}</tbody></table>
      ${sourceLinks(r.phase)}`;
    // Focus stays on a button (the section's arrow keys need it inside), e.g. on ◀ at the last phase.
    setDisabled($('step-prev'), i === 0, $('step-next'));
    setDisabled($('step-next'), i === state.recorded.length - 1, $('step-prev'));
  }

  $('step-record').onclick = async () => {
    const focused = document.activeElement === $('step-record');
    $('step-record').disabled = true;
    try {
      await record();
      // Pressed from the keyboard: continue at "Next phase", not on the page's body (where the keys do nothing).
      if (focused) $('step-next').focus();
    } catch (e) {
      $('step-detail').innerHTML = `<p class="error">Error: ${escape(e.message)}</p>`;
    } finally {
      $('step-record').disabled = false;
    }
  };
  $('step-prev').onclick = () => show(state.index - 1);
  $('step-next').onclick = () => show(state.index + 1);
  $('step').addEventListener('keydown', (event) => {
    if (event.target.tagName === 'INPUT') return;
    if (event.key === 'ArrowRight' || event.key === 'n') show(state.index + 1);
    if (event.key === 'ArrowLeft' || event.key === 'p') show(state.index - 1);
  });
  return { state, record, show };
}
