/**
 * The page: one Session record (src/session.ts), replaced whole by the worker's messages and the
 * user's commands, and drawn from it. Drawing happens on an animation frame only when something
 * changed, each panel only while it is on screen and only from inputs it has not drawn yet; the
 * costly ones (grid sweep, table, traced graph) at a bounded rate while training.
 */
import './style.css';
import {
  AGREEMENT_TOLERANCE,
  BUG_INFO,
  FEATURE_INFO,
  fromTable,
  GRADIENT_METHOD_INFO,
  LOSS_INFO,
} from '@deltagrad/crosscheck';
import { lossChartSvg } from './chart-svg';
import { byId, h, setHidden, setText } from './dom';
import { diff, lossText } from './format';
import { Budget, Drawn, FrameLoop, Visibility } from './frame';
import { type ByMethod, historySeries } from './history';
import { activations } from './numerics';
import { METHOD_LINE } from './palette';
import type { BackwardPanel } from './panels/backward';
import { LossChart, MismatchChart } from './panels/charts';
import { ClassroomPicker, fullPageHash } from './panels/classroom';
import { Controls, labelOf } from './panels/controls';
import { Gallery } from './panels/gallery';
import { GRID, Heatmap, sweepGrid } from './panels/heatmap';
import { NetworkDiagram, type ParamRef } from './panels/network';
import { GradTable } from './panels/table';
import { WeightEditor } from './panels/weight-editor';
import type { ExportKind, FromWorker, ToWorker } from './protocol';
import {
  changeSettings,
  editRun,
  receive,
  requestFiniteDifferences,
  requestTrace,
  reset,
  type Session,
  scrubbed,
  setSpeed,
  showEpoch,
  startRun,
  statusOf,
  step,
  stepBack,
  type Transition,
  togglePlay,
  traceWanted,
  workerFailed,
} from './session';
import { keepHidden, parseHash, queryNotice, serializeState, withEdit } from './state';

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

// Settings apply as they change; Enter in a field must not submit (and reload) the page.
byId<HTMLFormElement>('config').addEventListener('submit', (event) => event.preventDefault());

const el = {
  play: byId<HTMLButtonElement>('play'),
  step: byId<HTMLButtonElement>('step'),
  stepBack: byId<HTMLButtonElement>('step-back'),
  scrub: byId<HTMLInputElement>('scrub'),
  scrubOut: byId<HTMLOutputElement>('scrub-out'),
  scrubNote: byId('scrub-note'),
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
  disagreement: byId('disagreement'),
  exportRun: byId<HTMLButtonElement>('export-run'),
  exportModel: byId<HTMLButtonElement>('export-model'),
  mismatchFlag: byId('mismatch-flag'),
  classroomNotice: byId('classroom-notice'),
  tableWays: byId('table-ways'),
  mismatchWhat: byId('mismatch-what'),
  mismatchChart: byId('mismatch-chart'),
  mismatchLines: byId('mismatch-lines'),
  maxDiffWhat: byId('max-diff-what'),
  classroomNoticeText: byId('classroom-notice-text'),
  classroomFull: byId<HTMLAnchorElement>('classroom-full'),
  gallery: document.querySelector<HTMLElement>('.gallery')!,
  domainText: byId('domain-text'),
};
const panels = {
  boundary: document.querySelector('.boundary')!,
  network: document.querySelector('.network')!,
  loss: document.querySelector('.loss-panel')!,
  mismatch: document.querySelector('.mismatch-panel')!,
  table: document.querySelector('.table-panel')!,
  backward: document.querySelector('.backward')!,
};

const loop = new FrameLoop(frame);
const visibility = new Visibility(() => loop.request());
visibility.watch(...Object.values(panels));
const redraw = (): void => loop.request();

const heatmap = new Heatmap(byId<HTMLCanvasElement>('heatmap'), byId('predictions'), () => {
  drawnVisuals.reset();
  redraw();
});
/** The hidden neuron hovered in the network diagram: the decision boundary shows its output. */
let hovered: { layer: number; unit: number; name: string } | null = null;
const network = new NetworkDiagram(
  document.getElementById('network') as unknown as SVGSVGElement,
  byId<HTMLCanvasElement>('network-neurons'),
  () => {
    drawnVisuals.reset();
    redraw();
  },
  (neuron) => {
    hovered = neuron;
    const showing = byId('heatmap-showing');
    showing.hidden = !neuron;
    setText(showing, neuron ? `Showing neuron ${neuron.name}'s output (hovered), not ŷ.` : '');
    showing.dataset.name = neuron?.name ?? '';
    redraw();
  },
  {
    layer: document.getElementById('network-edit') as unknown as SVGSVGElement,
    request: (param, at, returnFocus) => {
      // The epoch shown is where the edit applies: pause first so it stays the one edited.
      if (session.playing) dispatch(togglePlay(session));
      weightEditor.edit({
        name: param.name,
        value: param.value,
        at,
        returnFocus,
        apply: (value) => editParam(param, value),
      });
    },
  },
);
const weightEditor = new WeightEditor({
  form: byId<HTMLFormElement>('weight-editor'),
  label: byId('weight-label'),
  input: byId<HTMLInputElement>('weight-input'),
  error: byId('weight-error'),
});

/**
 * Sets a weight or bias from the epoch shown on: one more edit in the run's list (the link
 * carries it), and the run replayed to that epoch with it, so Reset, scrubbing and the link give
 * these bits.
 */
function editParam(param: ParamRef, value: number): void {
  const edit = { layer: param.layer + 1, kind: param.kind, row: param.row, col: param.col, value };
  dispatch(editRun(session, withEdit(session.state, edit)));
}
const lossChart = new LossChart(byId('loss-chart'));
const mismatchChart = new MismatchChart(byId('mismatch-chart'));
const table = new GradTable(byId<HTMLTableElement>('grad-table'));

/**
 * The backward pass (graph, node card, equations, and with them KaTeX) is a chunk of its own,
 * loaded when the panel comes into view or its stepper is used: the first view does without it.
 */
let backward: BackwardPanel | null = null;
let backwardLoading: Promise<BackwardPanel> | null = null;

function loadBackward(): Promise<BackwardPanel> {
  backwardLoading ??= import('./panels/backward').then(({ BackwardPanel }) => {
    backward = new BackwardPanel(
      {
        svg: document.getElementById('graph') as unknown as SVGSVGElement,
        wrap: document.querySelector<HTMLElement>('.graph-wrap')!,
        card: byId('bw-card'),
        stepText: byId('bw-step'),
        exampleSelect: byId<HTMLSelectElement>('bw-example'),
        equations: byId('all-equations'),
        parting: byId('bw-parting'),
        partingText: byId('bw-parting-text'),
        partingGo: byId<HTMLButtonElement>('bw-parting-go'),
      },
      redraw,
    );
    redraw();
    return backward;
  });
  return backwardLoading;
}

/** Runs `command` on the backward panel, loading it first if need be. */
function withBackward(command: (panel: BackwardPanel) => void): void {
  if (backward) command(backward);
  else void loadBackward().then(command);
}

const worker = new Worker(new URL('./worker.ts', import.meta.url), {
  type: 'module',
  name: 'deltagrad-training',
});

/** The one session record. Everything on the page is drawn from it. */
let session: Session;

function dispatch(next: Transition | Session): void {
  if ('send' in next) {
    session = next.session;
    for (const message of next.send) worker.postMessage(message satisfies ToWorker);
  } else session = next;
  redraw();
}

const controls = new Controls(
  byId<HTMLFormElement>('config'),
  byId('lesson-controls'),
  { input: byId<HTMLInputElement>('speed'), output: byId<HTMLOutputElement>('speed-out') },
  // On a classroom link the options it hides keep their values, whatever asks to change them.
  (patch) => dispatch(changeSettings(session, (s) => keepHidden(s, { ...s, ...patch(s) }))),
  (speed) => dispatch(setSpeed(session, speed)),
);

const classroom = new ClassroomPicker(
  {
    details: byId<HTMLDetailsElement>('classroom'),
    groups: byId('classroom-groups'),
    link: byId<HTMLAnchorElement>('classroom-link'),
    copy: byId<HTMLButtonElement>('classroom-copy'),
    count: byId('classroom-count'),
  },
  controls.groups,
  () => session.state,
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
  () => session.state,
  (state) => {
    dispatch(startRun(session, state));
    byId('main').scrollIntoView({ behavior: reducedMotion.matches ? 'auto' : 'smooth', block: 'start' });
  },
);

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'export') {
    if (message.gen !== session.gen) return;
    const [name, type] =
      message.what === 'run'
        ? [`deltagrad-run-epoch-${message.epoch}.jsonl`, 'application/x-ndjson']
        : [`deltagrad-model-epoch-${message.epoch}.json`, 'application/json'];
    download(new Blob([message.text], { type }), name);
    return;
  }
  dispatch(receive(session, message));
};

/** Saves `blob` as a file named `name` (the browser's download). */
function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Pauses (the epoch shown stays the one exported), then asks the worker for `what`. */
function exportShown(what: ExportKind): void {
  if (session.playing) dispatch(togglePlay(session));
  worker.postMessage({ type: 'export', what } satisfies ToWorker);
}
worker.onerror = (event) => dispatch(workerFailed(session, event.message || 'the training worker failed'));

// ---- The link: read on load and on hashchange; written back (throttled while training). ----

function showNotice(problems: readonly string[], query: ReturnType<typeof queryNotice>): void {
  const parts: (Node | string)[] = [];
  if (problems.length > 0) {
    parts.push(
      h('strong', {}, 'This link’s settings could not be used, so the defaults are shown. '),
      `What was wrong: ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? ` (and ${problems.length - 4} more)` : ''}. `,
    );
  }
  if (query) {
    parts.push(
      h('strong', {}, `The address’s query string (${query.ignored}) was ignored: `),
      'this demo reads its settings after the #. ',
    );
    if (query.hash) parts.push(h('a', { href: `#${query.hash}` }, 'Open these settings'), ' ');
  }
  if (parts.length === 0) {
    el.notice.hidden = true;
    el.notice.replaceChildren();
    return;
  }
  const dismiss = h('button', { type: 'button', class: 'small' }, 'Dismiss');
  dismiss.addEventListener('click', () => showNotice([], null));
  el.notice.replaceChildren(...parts, dismiss);
  el.notice.hidden = false;
}

function loadFromUrl(): void {
  const parsed = parseHash(window.location.hash);
  showNotice(parsed.problems, queryNotice(window.location.search));
  // A rejected link stays in the address bar (for the user to fix) until they change something.
  dispatch(startRun(session ?? null, parsed.state, parsed.problems.length === 0));
}

let urlWritten = '';
let lastUrlWrite = Number.NEGATIVE_INFINITY;

/**
 * Writes the state into the address bar; while training at most every 2 s (replaceState is not
 * cheap), and the last change always (a frame comes back for it until it is written).
 */
function writeUrl(s: Session, now: number): boolean {
  if (!s.writesUrl) return false;
  const hash = `#${serializeState(s.state)}`;
  if (hash === urlWritten) return false;
  if (s.playing && now - lastUrlWrite < 2000) return true;
  urlWritten = hash;
  lastUrlWrite = now;
  if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  return false;
}

window.addEventListener('hashchange', () => {
  if (window.location.hash === `#${serializeState(session.state)}`) return;
  loadFromUrl();
});

// ---- Drawing: each part from the session, only when its inputs changed. ----

const drawnReadouts = new Drawn();
const drawnRun = new Drawn();
const drawnCharts = new Drawn();
const drawnVisuals = new Drawn();
const drawnNetwork = new Drawn();
/** The run whose network diagram was last drawn. */
let networkConfig: Session['config'] | null = null;
const drawnTable = new Drawn();
// While training: charts ≤ 10/s, the grid sweep (boundary and neurons' pictures) and the
// network's edges ≤ 15/s each (4 with reduced motion), the table ≤ 4/s, each within its share of
// the main thread, one of them in a frame.
const chartsBudget = new Budget(100, 0.1);
const visualsBudget = new Budget(66, 0.15);
const calmVisualsBudget = new Budget(250, 0.15);
const networkBudget = new Budget(66, 0.1);
const calmNetworkBudget = new Budget(250, 0.1);
const tableBudget = new Budget(250, 0.05);
let lastTrace = Number.NEGATIVE_INFINITY;

function drawRun(s: Session): void {
  const inputs = [s.gen, s.data];
  if (!drawnRun.changed(inputs)) return;
  drawnRun.mark(inputs);
  drawMethods(s);
  const label = LOSS_INFO[s.state.loss].short;
  setText(el.lossLabel, `Loss ${label}`);
  lossChart.setLabel(`loss (${label})`);
  setText(el.domainText, s.data ? `x₁, x₂ from ${s.data.domain.min} to ${s.data.domain.max}` : '');
  gallery.markCurrent(s.state);
}

/**
 * Classroom mode (a link that hides settings): the notice naming what is fixed, with the way
 * out to the full page. The seed gallery loads other seeds, so it goes when the seed is fixed.
 */
function drawClassroom(s: Session): void {
  classroom.render(s.state);
  const { hide } = s.state;
  setHidden(el.classroomNotice, hide.length === 0);
  setHidden(el.gallery, hide.includes('seed'));
  network.setEditable(!hide.includes('edits'));
  if (hide.length === 0) return;
  setText(
    el.classroomNoticeText,
    `Classroom mode: this link fixes ${hide.map(labelOf).join(', ')}, so ${hide.length === 1 ? 'it has' : 'they have'} no control here.`,
  );
}

const WAYS = ['no way', 'one way', 'two ways', 'three ways'];
const METHODS_DO = [
  '',
  'The method differentiates',
  'Both methods differentiate',
  'All three methods differentiate',
];

/**
 * The methods compared (forward mode's toggle): the table's heading, what the worst-mismatch
 * read-out and chart take the largest of, and the table note say which run.
 */
function drawMethods(s: Session): void {
  const [first, ...compared] = s.config.method;
  mismatchChart.setMethods({ reference: first!, compared });
  const [reference, ...others] = s.config.method.map((m) => GRADIENT_METHOD_INFO[m].label);
  el.mismatchChart.setAttribute(
    'aria-label',
    others.length === 0
      ? `Nothing compared: ${reference} alone`
      : `Largest difference from ${reference} per epoch, one line each: ${compared.map((m) => `${GRADIENT_METHOD_INFO[m].label} (${METHOD_LINE[m].colourName})`).join(', ')}`,
  );
  setText(el.tableWays, WAYS[s.config.method.length] ?? `${s.config.method.length} ways`);
  const pairs = others.map((o) => `|${reference} − ${o}|`);
  setText(
    el.mismatchWhat,
    pairs.length === 0 ? `nothing to compare (${reference} alone)` : `max ${pairs.join(' and ')}`,
  );
  el.maxDiffWhat.title = `the largest |${reference} − other method| over every gradient entry at this epoch (${others.join(', ') || 'none'})`;
}

/** The state last announced in the live region (on pause and step, not while training). */
let announced: Session['view'] = null;

function drawReadouts(s: Session): void {
  const { view } = s;
  const inputs = [view, s.playing, s.replay, s.error, s.state.speed, s.fd, s.history.worst];
  if (!drawnReadouts.changed(inputs)) return;
  drawnReadouts.mark(inputs);
  el.play.dataset.state = s.playing ? 'playing' : 'paused';
  setText(el.play, s.playing ? 'Pause' : 'Play');
  el.play.setAttribute('aria-label', s.playing ? 'Pause training' : 'Play: train continuously');
  el.play.disabled = !view || (!!view.stopped && !s.playing);
  el.step.disabled = !view || !!view.stopped;
  el.stepBack.disabled = !view || view.epoch === 0;
  // A run of 0 epochs is no run; the model at epoch 0 is the initial weights.
  el.exportRun.disabled = !view || view.epoch === 0;
  el.exportModel.disabled = !view;
  drawScrub(s);
  drawDisagreement(s);
  if (!view) {
    setText(el.epoch, s.replay ? `${s.replay.done}…` : '…');
    setText(el.loss, '…');
    setText(el.maxDiff, '…');
  } else {
    setText(el.epoch, String(view.epoch));
    el.epoch.dataset.value = String(view.epoch);
    setText(el.loss, lossText(view.loss));
    el.loss.dataset.value = String(view.loss);
    setText(el.maxDiff, diff(view.maxAbsGradDiff));
    el.maxDiff.dataset.value = String(view.maxAbsGradDiff);
    el.maxDiff.classList.toggle(
      'bad',
      !(view.maxAbsGradDiff !== null && view.maxAbsGradDiff <= AGREEMENT_TOLERANCE),
    );
  }
  const status = statusOf(s);
  setText(el.status, status.text);
  // What the worker last reported of itself: tests wait for 'idle' to know the epoch is final.
  el.status.dataset.worker = view ? (view.playing ? 'training' : 'idle') : 'starting';
  el.status.classList.toggle('bad', status.bad);
  if (view && !s.playing && view !== announced) {
    announced = view;
    setText(
      el.live,
      `Epoch ${view.epoch} · loss ${lossText(view.loss)} · worst mismatch ${diff(view.maxAbsGradDiff)}`,
    );
  }
}

/**
 * Where the methods parted (an injected mistake): the epoch, and the parameters in the order
 * backpropagation computes them, so the first named is where the wrong gradient shows first.
 * Said under the table and under the mismatch chart; hidden while they agree.
 */
function drawDisagreement(s: Session): void {
  const first = s.view?.firstDisagreement ?? null;
  for (const p of [el.disagreement, el.mismatchFlag]) setHidden(p, !first);
  if (!first) return;
  const [head, ...rest] = first.params;
  const bug = BUG_INFO[s.state.bug];
  const then = rest.length > 0 ? ` (then ${rest.join(', ')})` : '';
  const why =
    s.state.bug === 'none' ? '' : ` The δ equations carry the mistake “${bug.label}”: ${bug.equation}.`;
  const text = `✗ The methods part from epoch ${first.epoch.toLocaleString('en-US')}: first at ${head}${then}, output layer first.${why}`;
  for (const p of [el.disagreement, el.mismatchFlag]) {
    setText(p, text);
    p.dataset.epoch = String(first.epoch);
    p.dataset.first = head ?? '';
  }
}

/** Whether the user is dragging the scrubber (its value is then theirs, not the session's). */
let scrubDragging = false;

function drawScrub(s: Session): void {
  const { view } = s;
  const head = view?.head ?? 0;
  el.scrub.disabled = !view || head === 0;
  if (el.scrub.max !== String(head)) el.scrub.max = String(head);
  if (!scrubDragging && view && el.scrub.value !== String(view.epoch)) el.scrub.value = String(view.epoch);
  setText(
    el.scrubOut,
    view ? `${view.epoch.toLocaleString('en-US')} of ${head.toLocaleString('en-US')}` : '…',
  );
  el.scrubOut.classList.toggle('back', scrubbed(s));
  const kb = view ? Math.max(1, Math.round(view.kept.bytes / 1024)) : 0;
  setText(
    el.scrubNote,
    view
      ? `${view.kept.count.toLocaleString('en-US')} epoch${view.kept.count === 1 ? '' : 's'} kept to look back at (${kb.toLocaleString('en-US')} KB).`
      : '',
  );
}

function drawCharts(s: Session, now: number): boolean {
  const marker = scrubbed(s) ? s.view!.epoch : null;
  lossChart.setMarker(marker);
  mismatchChart.setMarker(marker);
  const inputs = [s.history];
  if (!drawnCharts.changed(inputs)) return false;
  if (!visibility.visible(panels.loss) && !visibility.visible(panels.mismatch)) return false;
  if (!chartsBudget.due(now, s.playing)) return true;
  drawnCharts.mark(inputs);
  chartsBudget.spend(now, () => {
    const series = historySeries(s.history);
    lossChart.update(series.epoch, series.loss, series.test);
    mismatchChart.update(series.epoch, series.mismatch);
    drawMismatchLines(s, series.mismatch);
  });
  return false;
}

/**
 * One line of text per method drawn in the mismatch chart: its colour and dash, whether it parts
 * from the reference and from which epoch, and its largest difference — the chart's text
 * alternative, and its key on phones, where the chart's own legend is hidden.
 */
function drawMismatchLines(s: Session, mismatch: ByMethod<number[]>): void {
  const [first, ...compared] = s.config.method;
  const reference = GRADIENT_METHOD_INFO[first!].label;
  const items = el.mismatchLines.children;
  while (items.length > compared.length) items[items.length - 1]!.remove();
  compared.forEach((m, i) => {
    let li = items[i] as HTMLElement | undefined;
    if (!li) {
      li = h('li', {}, h('span', { class: 'swatch', 'aria-hidden': 'true' }), h('span'));
      el.mismatchLines.append(li);
    }
    const line = METHOD_LINE[m];
    if (li.dataset.method !== m) {
      // Restyled only when the line's method changes, not at every draw while training.
      const swatch = li.firstElementChild as HTMLElement;
      swatch.style.borderTopColor = line.colour;
      swatch.style.borderTopStyle = line.dash.length === 0 ? 'solid' : 'dashed';
      li.dataset.method = m;
    }
    const largest = (mismatch[m] ?? []).reduce(
      (a, v) => (Number.isNaN(a) || Number.isNaN(v) ? Number.NaN : Math.max(a, v)),
      0,
    );
    const parted = s.history.partedAt[m] ?? null;
    const partedText = parted === null ? '' : String(parted);
    if (li.dataset.partedAt !== partedText) li.dataset.partedAt = partedText;
    if (li.dataset.largest !== String(largest)) li.dataset.largest = String(largest);
    setText(
      li.lastElementChild as HTMLElement,
      `${GRADIENT_METHOD_INFO[m].label} (${line.colourName}, ${line.dash.length === 0 ? 'solid' : 'dashed'}): ` +
        (parted === null
          ? `agrees with ${reference} (largest |Δ| ${diff(largest)})`
          : `parts from ${reference} at epoch ${parted.toLocaleString('en-US')} (largest |Δ| ${diff(largest)})`),
    );
  });
}

function drawVisuals(s: Session, now: number): boolean {
  const { view, data } = s;
  const inputs = [view, data, el.discretize.checked, hovered];
  if (!view || !data || !drawnVisuals.changed(inputs)) return false;
  const boundary = visibility.visible(panels.boundary);
  const net = visibility.visible(panels.network);
  if (!boundary && !net) return false;
  const budget = reducedMotion.matches ? calmVisualsBudget : visualsBudget;
  if (!budget.due(now, s.playing)) return true;
  drawnVisuals.mark(inputs);
  budget.spend(now, () => {
    const layers = fromTable(s.config.layers, view.params);
    // One grid sweep feeds the heatmap and every neuron's picture.
    const sweep = sweepGrid(s.config, layers, data.domain, GRID);
    const neuron = hovered && { ...hovered, activation: s.config.activation };
    heatmap.draw(sweep, data.x, data.y, data.train, el.discretize.checked, neuron);
    const yHat = activations(s.config, layers, data.x).at(-1)!.data;
    heatmap.showPredictions(s.config.dataset, data.x, data.y, data.train, yHat);
    network.paintNeurons(sweep, s.config);
  });
  return false;
}

/**
 * The network's edges and bias labels (SVG: each change restyles, lays out and repaints it), in a
 * turn of their own while training, apart from the grid sweep. Drawn before the sweep when both
 * are due (a paused or new run): the neurons' pictures go where the diagram puts the neurons.
 */
function drawNetwork(s: Session, now: number): boolean {
  const { view } = s;
  const inputs = [view, s.config];
  if (!view || !drawnNetwork.changed(inputs)) return false;
  if (!visibility.visible(panels.network)) return false;
  const budget = reducedMotion.matches ? calmNetworkBudget : networkBudget;
  if (!budget.due(now, s.playing)) return true;
  drawnNetwork.mark(inputs);
  // A new run's diagram may put the neurons elsewhere: their pictures are painted again.
  if (networkConfig !== s.config) {
    networkConfig = s.config;
    drawnVisuals.reset();
  }
  budget.spend(now, () =>
    network.update(
      s.config.layers,
      fromTable(s.config.layers, view.params),
      !s.playing,
      s.config.features.map((f) => FEATURE_INFO[f].label),
    ),
  );
  return false;
}

function drawTable(s: Session, now: number): boolean {
  const { view } = s;
  const inputs = [view, s.fd];
  if (!view || !drawnTable.changed(inputs)) return false;
  if (!visibility.visible(panels.table)) return false;
  if (!tableBudget.due(now, s.playing)) return true;
  drawnTable.mark(inputs);
  tableBudget.spend(now, () => table.update(view.params, s.fd?.epoch === view.epoch ? s.fd.values : null));
  const fdText = s.fd
    ? `Finite differences (h = 1e-6) computed at epoch ${s.fd.epoch}.`
    : 'Finite differences: on demand.';
  setText(
    el.tableNote,
    `Epoch ${view.epoch}: θ after ${view.epoch} update${view.epoch === 1 ? '' : 's'}. ${METHODS_DO[s.config.method.length] ?? 'The methods differentiate'} ${LOSS_INFO[s.state.loss].formula} over all ${s.data?.train ?? '…'} training examples. ` +
      `Worst |Δ| this epoch ${diff(view.maxAbsGradDiff)}, over the run ${diff(view.maxAbsGradDiff === null ? null : s.history.worst)}. ${fdText}`,
  );
  return false;
}

function drawBackward(s: Session, now: number): boolean {
  const visible = visibility.visible(panels.backward);
  if (!backward) {
    if (visible) void loadBackward();
    return false;
  }
  // Traced while on screen: each epoch shown when paused, once a second while training.
  if (visible && traceWanted(s) && (!s.playing || now - lastTrace >= 1000)) {
    lastTrace = now;
    dispatch(requestTrace(s));
  }
  backward.setTrace(s.trace?.trace ?? null, s.trace?.epoch ?? 0);
  backward.render(visible, !s.playing);
  return s.playing && visible && traceWanted(s);
}

function frame(now: number): boolean {
  const s = session;
  drawRun(s);
  drawReadouts(s);
  controls.render(s.state);
  drawClassroom(s);
  let again = drawCharts(s, now);
  again = drawNetwork(s, now) || again;
  again = drawVisuals(s, now) || again;
  again = drawTable(s, now) || again;
  again = drawBackward(s, now) || again;
  again = writeUrl(s, now) || again;
  return again;
}

// ---- Input. ----

el.play.addEventListener('click', () => dispatch(togglePlay(session)));
el.step.addEventListener('click', () => dispatch(step(session)));
el.stepBack.addEventListener('click', () => dispatch(stepBack(session)));
el.scrub.addEventListener('input', () => dispatch(showEpoch(session, Number(el.scrub.value))));
el.scrub.addEventListener('pointerdown', () => {
  scrubDragging = true;
});
for (const type of ['pointerup', 'pointercancel', 'change'] as const)
  el.scrub.addEventListener(type, () => {
    scrubDragging = false;
    redraw();
  });
el.reset.addEventListener('click', () => dispatch(reset(session)));
// The way out of classroom mode: this run, on the full page (its address made as it is followed).
el.classroomFull.addEventListener('click', () => {
  el.classroomFull.href = fullPageHash(session.state);
});
el.discretize.addEventListener('change', redraw);
el.logScale.addEventListener('change', () => {
  lossChart.setLog(el.logScale.checked);
  drawnCharts.reset();
  redraw();
});
el.fd.addEventListener('click', () => dispatch(requestFiniteDifferences(session)));
byId('export-run').addEventListener('click', () => exportShown('run'));
byId('export-model').addEventListener('click', () => exportShown('model'));
byId('export-png').addEventListener('click', () => {
  const canvas = byId('loss-chart').querySelector('canvas');
  canvas?.toBlob((blob) => {
    if (blob) download(blob, 'deltagrad-loss.png');
  }, 'image/png');
});
byId('export-svg').addEventListener('click', () => {
  const series = historySeries(session.history);
  const svg = lossChartSvg(series.epoch, series.loss, {
    label: LOSS_INFO[session.state.loss].formula,
    log: el.logScale.checked,
  });
  download(new Blob([svg], { type: 'image/svg+xml' }), 'deltagrad-loss.svg');
});
el.copy.addEventListener('click', async () => {
  dispatch({ ...session, writesUrl: true });
  writeUrl({ ...session, playing: false }, performance.now());
  try {
    await navigator.clipboard.writeText(window.location.href);
    setText(el.copy, 'Link copied ✓');
  } catch {
    setText(el.copy, 'Copy the address bar: it holds the link');
  }
  setTimeout(() => setText(el.copy, 'Copy link to this run'), 2500);
});
byId('fw-first').addEventListener('click', () => withBackward((b) => b.forwardStart()));
byId('bw-first').addEventListener('click', () => withBackward((b) => b.backwardStart()));
byId('bw-prev').addEventListener('click', () => withBackward((b) => b.prev()));
byId('bw-next').addEventListener('click', () => withBackward((b) => b.next()));
byId('bw-last').addEventListener('click', () => withBackward((b) => b.last()));

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
      dispatch(togglePlay(session));
      return;
    case 'ArrowRight':
      if (scroller) return;
      event.preventDefault();
      dispatch(step(session));
      return;
    case 'ArrowLeft':
      if (scroller) return;
      event.preventDefault();
      dispatch(stepBack(session));
      return;
    case 'r':
    case 'R':
      dispatch(reset(session));
      return;
    case '.':
      withBackward((b) => b.next());
      return;
    case ',':
      withBackward((b) => b.prev());
      return;
  }
});

setText(byId('tolerance-text'), AGREEMENT_TOLERANCE.toExponential(0));
loadFromUrl();
