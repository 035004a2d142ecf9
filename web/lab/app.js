// The lab's shell: picks the backend (?backend=, default wasm) for the modes' workers, switches between the three modes
// (?mode=toy|step|market) and keeps a record of the main thread's long tasks, which the tests read
// (the models train in Web Workers, so the main thread only draws).
import * as gangrad from '/lib/index.js';
import { initToy } from './toy-view.js';
import { initStep } from './step-view.js';
import { initMarket } from './market.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// The old demo's URL (?autostart, no mode) opens the market mode, which is that demo.
const mode = params.get('mode') ?? (params.has('autostart') ? 'market' : 'toy');

/** What the page exposes for its tests and for a curious console user. */
const lab = { gangrad, params, longTasks: [], mode };
globalThis.lab = lab;
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) lab.longTasks.push(e.duration); }).observe({ type: 'longtask' });
} catch { /* no long-task timing in this browser: nothing to record */ }

function showMode(name) {
  for (const m of ['toy', 'step', 'market']) {
    $(m).hidden = m !== name;
    $(`tab-${m}`).setAttribute('aria-selected', String(m === name));
    $(`tab-${m}`).tabIndex = m === name ? 0 : -1;
  }
  lab.mode = name;
  params.set('mode', name);
  history.replaceState(null, '', `?${params}`);
  lab.onModeChange?.(name);
}

async function main() {
  // The models train in Web Workers; without them nothing here can run (say so, not "Worker is not defined").
  if (typeof Worker !== 'function') throw new Error('this browser has no Web Workers (or they are turned off): the lab trains its models in workers and cannot run without them');
  // The models live in the modes' Web Workers, each on a backend of this name; the toy worker reports
  // which backend it got (see toy-view.js). The main thread computes no tensors.
  const backendName = params.get('backend') ?? 'wasm';
  // A name the menu lacks (?backend=auto, gpujs, or a typo the workers then report) is shown, not a blank menu.
  if (![...$('backend').options].some((o) => o.value === backendName)) $('backend').add(new Option(`${backendName} (from the URL)`, backendName));
  $('backend').value = backendName;
  $('backend').onchange = () => { params.set('backend', $('backend').value); location.search = `?${params}`; };
  const tabs = ['toy', 'step', 'market'];
  for (const m of tabs) {
    $(`tab-${m}`).onclick = () => showMode(m);
    // Arrow keys move between tabs, as in the WAI-ARIA tabs pattern.
    $(`tab-${m}`).onkeydown = (event) => {
      const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!delta) return;
      const next = tabs[(tabs.indexOf(m) + delta + tabs.length) % tabs.length];
      showMode(next);
      $(`tab-${next}`).focus();
    };
  }
  lab.toy = initToy(gangrad, lab);
  lab.step = initStep(lab);
  lab.market = initMarket(gangrad, lab);
  showMode(tabs.includes(mode) ? mode : 'toy');
  lab.ready = true;
}

main().catch((e) => {
  $('toy-status').textContent = `Error: ${e.message}`;
  $('toy-status').className = 'status error';
  // Also at the top, where it is seen in every mode and at any width.
  $('lab-load-error').textContent = `The lab could not start: ${e.message}`;
  $('lab-load-error').hidden = false;
  lab.error = String(e.stack ?? e);
});
