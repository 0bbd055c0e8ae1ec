/**
 * The page: wires the controls, the training worker and the panels. The worker trains and
 * posts the latest state at most ~30 times a second; this thread keeps only the latest one and
 * draws it on the next animation frame.
 */
import './style.css';
import { datasetOf, type ExperimentConfig } from '@deltagrad/crosscheck';
import { byId, h, setText } from './dom';
import { diff, lossText } from './format';
import { History } from './history';
import { activations, type Domain, domainOf, layersFromComparisons } from './numerics';
import { BackwardPanel } from './panels/backward';
import { LossChart, MismatchChart } from './panels/charts';
import { Controls, LOSS_FORMULAS } from './panels/controls';
import { Gallery } from './panels/gallery';
import { GRID, Heatmap, normaliser, paint, sweepGrid } from './panels/heatmap';
import { NetworkDiagram } from './panels/network';
import { AGREE, GradTable } from './panels/table';
import type { FromWorker, ToWorker, TrainingState } from './protocol';
import { type AppState, parseHash, serializeState, toConfig } from './state';

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

// Settings apply as they change; Enter in a field must not submit (and reload) the page.
byId<HTMLFormElement>('config').addEventListener('submit', (event) => event.preventDefault());

const el = {
  play: byId<HTMLButtonElement>('play'),
  step: byId<HTMLButtonElement>('step'),
  reset: byId<HTMLButtonElement>('reset'),
  epoch: byId('epoch'),
  loss: byId('loss'),
  lossLabel: byId('loss-label'),
  maxDiff: byId('max-diff'),
  status: byId('run-status'),
  live: byId('live'),
  notice: byId('url-notice'),
  copy: byId<HTMLButtonElement>('copy-link'),
  discretize: byId<HTMLInputElement>('discretize'),
  logScale: byId<HTMLInputElement>('log-scale'),
  fd: byId<HTMLButtonElement>('fd'),
  tableNote: byId('table-note'),
  domainText: byId('domain-text'),
};

const heatmap = new Heatmap(byId<HTMLCanvasElement>('heatmap'), byId('predictions'));
const network = new NetworkDiagram(document.getElementById('network') as unknown as SVGSVGElement);
const lossChart = new LossChart(byId('loss-chart'));
const mismatchChart = new MismatchChart(byId('mismatch-chart'));
const table = new GradTable(byId<HTMLTableElement>('grad-table'));
const backward = new BackwardPanel(
  document.getElementById('graph') as unknown as SVGSVGElement,
  document.querySelector<HTMLElement>('.graph-wrap')!,
  byId('bw-card'),
  byId('bw-step'),
  byId<HTMLSelectElement>('bw-example'),
  byId('all-equations'),
);

let state: AppState;
let config: ExperimentConfig;
let data: { x: Float64Array; y: Float64Array; domain: Domain };
let gen = 0;
let view: TrainingState | null = null;
let playing = false;
let fd: { epoch: number; values: number[][] } | null = null;
let traceInFlight = false;
let tracedEpoch = -1;
let lastTraceRequest = 0;
let lastVisuals = 0;
let lastThumbnails = 0;
let lastUrlWrite = 0;
let dirty = false;
let visualsPending = false;
let replay: { done: number; total: number } | null = null;
let workerError: string | null = null;
const history = new History();

const worker = new Worker(new URL('./worker.ts', import.meta.url), {
  type: 'module',
  name: 'deltagrad-training',
});
const send = (message: ToWorker): void => worker.postMessage(message);

const controls = new Controls(
  (next) => configure(next),
  (speed) => {
    state = { ...state, speed };
    if (playing) send({ type: 'speed', epochsPerSecond: speed });
    writeUrl(true);
  },
);

const gallery = new Gallery(
  {
    form: byId<HTMLFormElement>('sweep-form'),
    start: byId<HTMLInputElement>('sweep-start'),
    count: byId<HTMLSelectElement>('sweep-count'),
    epochs: byId<HTMLSelectElement>('sweep-epochs'),
    button: byId<HTMLButtonElement>('sweep'),
    progress: byId<HTMLProgressElement>('sweep-progress'),
    summary: byId('sweep-summary'),
    list: byId<HTMLOListElement>('gallery'),
  },
  () => state,
  (next) => {
    configure(next);
    byId('main').scrollIntoView({ behavior: reducedMotion.matches ? 'auto' : 'smooth', block: 'start' });
  },
);

/** Starts a new run (a new generation: messages of older ones are dropped). */
function configure(next: AppState): void {
  gen++;
  state = next;
  config = toConfig(next);
  const dataset = datasetOf(config);
  data = { x: dataset.x.data, y: dataset.y.data, domain: domainOf(config.dataset, dataset.x.data) };
  history.clear();
  view = null;
  fd = null;
  playing = false;
  traceInFlight = false;
  tracedEpoch = -1;
  workerError = null;
  replay = next.epoch > 0 ? { done: 0, total: next.epoch } : null;
  backward.clear();
  controls.set(next);
  gallery.markCurrent(next);
  lossChart.setLabel(`loss (${next.loss === 'halfSSE' ? '½·SSE' : next.loss === 'mse' ? 'MSE' : 'BCE'})`);
  setText(el.domainText, `x₁, x₂ from ${data.domain.min} to ${data.domain.max}`);
  send({ type: 'configure', gen, config, epoch: next.epoch });
  writeUrl(false);
  dirty = true;
}

function writeUrl(throttle: boolean): void {
  const now = performance.now();
  if (throttle && now - lastUrlWrite < 1000) return;
  lastUrlWrite = now;
  const hash = `#${serializeState(state)}`;
  if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
}

function showNotice(problems: string[]): void {
  if (problems.length === 0) {
    el.notice.hidden = true;
    el.notice.replaceChildren();
    return;
  }
  const dismiss = h('button', { type: 'button', class: 'small' }, 'Dismiss');
  dismiss.addEventListener('click', () => showNotice([]));
  el.notice.replaceChildren(
    h('strong', {}, 'This link’s settings could not be used, so the defaults are shown. '),
    `What was wrong: ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? ` (and ${problems.length - 4} more)` : ''}. `,
    dismiss,
  );
  el.notice.hidden = false;
}

function loadFromUrl(): void {
  const parsed = parseHash(window.location.hash);
  showNotice(parsed.problems);
  configure(parsed.state);
}

function togglePlay(): void {
  if (!view) return;
  if (playing) {
    playing = false;
    send({ type: 'pause' });
  } else {
    if (view.stopped) return;
    playing = true;
    send({ type: 'play', epochsPerSecond: state.speed });
  }
  dirty = true;
}

function step(): void {
  if (!view) return;
  playing = false;
  send({ type: 'step', n: 1 });
  dirty = true;
}

function reset(): void {
  gen++;
  playing = false;
  history.clear();
  fd = null;
  tracedEpoch = -1;
  traceInFlight = false;
  view = null;
  state = { ...state, epoch: 0 };
  send({ type: 'reset', gen });
  writeUrl(false);
  dirty = true;
}

function requestTrace(): void {
  if (!view || traceInFlight || tracedEpoch === view.epoch) return;
  traceInFlight = true;
  lastTraceRequest = performance.now();
  send({ type: 'trace' });
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'state': {
      if (message.gen !== gen) return;
      const first = view === null;
      view = message;
      replay = null;
      if (message.stopped) playing = false;
      const { epoch, loss, mismatch } = message.history;
      for (let k = 0; k < epoch.length; k++) history.push(epoch[k]!, loss[k]!, mismatch[k]!);
      state = { ...state, epoch: message.epoch };
      if (fd && fd.epoch !== message.epoch) fd = null;
      if (!playing) {
        requestTrace();
        writeUrl(false);
        announce();
      } else writeUrl(true);
      if (first) lastVisuals = 0;
      dirty = true;
      return;
    }
    case 'replay':
      if (message.gen !== gen) return;
      replay = { done: message.done, total: message.total };
      dirty = true;
      return;
    case 'trace':
      traceInFlight = false;
      if (message.gen !== gen) return;
      tracedEpoch = message.epoch;
      backward.setTrace(message.trace, message.epoch);
      if (!playing && view && view.epoch !== message.epoch) requestTrace();
      return;
    case 'fd':
      if (message.gen !== gen || !view || message.epoch !== view.epoch) return;
      fd = { epoch: message.epoch, values: message.values };
      dirty = true;
      return;
    case 'error':
      workerError = message.message;
      playing = false;
      dirty = true;
      return;
    default:
      return;
  }
};
worker.onerror = (event) => {
  workerError = event.message || 'the training worker failed';
  playing = false;
  dirty = true;
};

function announce(): void {
  if (!view) return;
  setText(
    el.live,
    `Epoch ${view.epoch} · loss ${lossText(view.loss)} · worst mismatch ${diff(view.maxAbsGradDiff)}`,
  );
}

function thumbnails(sweep: ReturnType<typeof sweepGrid>): string[][] {
  const canvas = document.createElement('canvas');
  const res = sweep.res;
  const column = (m: { data: Float64Array; cols: number }, j: number) => {
    const out = new Float64Array(res * res);
    for (let k = 0; k < out.length; k++) out[k] = m.data[k * m.cols + j]!;
    return out;
  };
  const inputs = [0, 1].map((j) => {
    const values = new Float64Array(res * res);
    for (let r = 0; r < res; r++) {
      for (let c = 0; c < res; c++) values[r * res + c] = j === 0 ? c / (res - 1) : 1 - r / (res - 1);
    }
    paint(canvas, values, res, (v) => v);
    return canvas.toDataURL();
  });
  const layers = sweep.layers.map((m, l) => {
    const activation = l === sweep.layers.length - 1 ? config.outputActivation : config.activation;
    return Array.from({ length: m.cols }, (_, j) => {
      const values = column(m, j);
      paint(canvas, values, res, normaliser(activation, values));
      return canvas.toDataURL();
    });
  });
  return [inputs, ...layers];
}

function renderVisuals(now: number): void {
  if (!view) return;
  const layers = layersFromComparisons(config, view.params);
  const sweep = sweepGrid(config, layers, data.domain, GRID);
  heatmap.draw(sweep, data.x, data.y, el.discretize.checked);
  const yHat = activations(config, layers, data.x).at(-1)!.data;
  heatmap.showPredictions(config.dataset, data.x, data.y, yHat);
  const thumbsDue = !playing || now - lastThumbnails > 250;
  if (thumbsDue) lastThumbnails = now;
  network.update(config.layers, layers, thumbsDue ? thumbnails(sweep) : null);
}

function renderReadouts(): void {
  const label = state.loss === 'halfSSE' ? 'Loss ½·SSE' : state.loss === 'mse' ? 'Loss MSE' : 'Loss BCE';
  setText(el.lossLabel, label);
  el.play.dataset.state = playing ? 'playing' : 'paused';
  setText(el.play, playing ? 'Pause' : 'Play');
  el.play.setAttribute('aria-label', playing ? 'Pause training' : 'Play: train continuously');
  el.step.setAttribute('aria-label', 'Step: train one epoch');
  el.reset.setAttribute('aria-label', 'Reset to the same initial weights');
  el.play.disabled = !view || (!!view.stopped && !playing);
  el.step.disabled = !view || !!view.stopped;
  if (!view) {
    setText(el.epoch, replay ? `${replay.done}…` : '…');
    setText(el.loss, '…');
    setText(el.maxDiff, '…');
  } else {
    setText(el.epoch, String(view.epoch));
    el.epoch.dataset.value = String(view.epoch);
    setText(el.loss, lossText(view.loss));
    el.loss.dataset.value = String(view.loss);
    setText(el.maxDiff, diff(view.maxAbsGradDiff));
    el.maxDiff.dataset.value = String(view.maxAbsGradDiff);
    el.maxDiff.classList.toggle('bad', !(view.maxAbsGradDiff !== null && view.maxAbsGradDiff <= AGREE));
  }
  let status: string;
  let bad = false;
  if (workerError) {
    status = `Error: ${workerError}`;
    bad = true;
  } else if (replay)
    status = `Replaying the run to epoch ${replay.total}… ${Math.round((100 * replay.done) / replay.total)} %`;
  else if (!view) status = 'Starting…';
  else if (view.stopped) {
    status = `Stopped: ${view.stopped}.`;
    bad = true;
  } else if (playing) status = `Training at ${state.speed.toLocaleString('en-US')} epochs/s.`;
  else status = view.epoch === 0 ? 'Ready: the initial weights.' : `Paused at epoch ${view.epoch}.`;
  setText(el.status, status);
  // What the worker last reported of itself: tests wait for 'idle' to know the epoch is final.
  el.status.dataset.worker = view ? (view.playing ? 'training' : 'idle') : 'starting';
  el.status.classList.toggle('bad', bad);
  if (view) {
    const fdText = fd
      ? `Finite differences (h = 1e-6) computed at epoch ${fd.epoch}.`
      : 'Finite differences: on demand.';
    setText(
      el.tableNote,
      `Epoch ${view.epoch}: θ after ${view.epoch} update${view.epoch === 1 ? '' : 's'}. Both methods differentiate ${LOSS_FORMULAS[state.loss]} over all ${data.y.length} examples. ` +
        `Worst |Δ| this epoch ${diff(view.maxAbsGradDiff)}, over the run ${diff(history.worst)}. ${fdText}`,
    );
  }
}

function frame(now: number): void {
  if (dirty) {
    dirty = false;
    renderReadouts();
    if (view) {
      const series = history.series();
      lossChart.update(series.epoch, series.loss);
      mismatchChart.update(series.epoch, series.mismatch);
      table.update(view.params, fd?.epoch === view.epoch ? fd.values : null);
      visualsPending = true;
    }
  }
  // The heatmap and the diagram cost a grid sweep: at most 20 times a second (4 with reduced motion).
  const interval = reducedMotion.matches ? 250 : 50;
  if (visualsPending && view && (!playing || now - lastVisuals >= interval)) {
    visualsPending = false;
    lastVisuals = now;
    renderVisuals(now);
  }
  if (playing && view && now - lastTraceRequest > 500) requestTrace();
  window.requestAnimationFrame(frame);
}

el.play.addEventListener('click', togglePlay);
el.step.addEventListener('click', step);
el.reset.addEventListener('click', reset);
el.discretize.addEventListener('change', () => {
  lastVisuals = 0;
  dirty = true;
});
el.logScale.addEventListener('change', () => {
  lossChart.setLog(el.logScale.checked);
  dirty = true;
});
el.fd.addEventListener('click', () => {
  if (!view) return;
  if (playing) {
    playing = false;
    send({ type: 'pause' });
  }
  send({ type: 'finiteDifferences' });
});
el.copy.addEventListener('click', async () => {
  writeUrl(false);
  try {
    await navigator.clipboard.writeText(window.location.href);
    setText(el.copy, 'Link copied ✓');
  } catch {
    setText(el.copy, 'Copy the address bar: it holds the link');
  }
  setTimeout(() => setText(el.copy, 'Copy link to this run'), 2500);
});
byId('bw-first').addEventListener('click', () => backward.go(0));
byId('bw-prev').addEventListener('click', () => backward.prev());
byId('bw-next').addEventListener('click', () => backward.next());
byId('bw-last').addEventListener('click', () => backward.last());

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('input, select, textarea, [contenteditable=""], [contenteditable="true"]')) return;
  const scroller = target?.closest('.graph-wrap, .table-wrap');
  const onControl = target?.closest('button, a, summary') ?? scroller;
  switch (event.key) {
    case ' ':
      if (onControl) return;
      event.preventDefault();
      togglePlay();
      return;
    case 'ArrowRight':
      if (scroller) return;
      event.preventDefault();
      step();
      return;
    case 'r':
    case 'R':
      reset();
      return;
    case '.':
      backward.next();
      return;
    case ',':
      backward.prev();
      return;
  }
});

window.addEventListener('hashchange', () => {
  if (window.location.hash === `#${serializeState(state)}`) return;
  loadFromUrl();
});

loadFromUrl();
window.requestAnimationFrame(frame);
