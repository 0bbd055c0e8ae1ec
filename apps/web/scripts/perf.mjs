#!/usr/bin/env node
// `pnpm --filter @deltagrad/web perf`: how heavy the demo is while it trains. A measurement, not
// a test: it asserts nothing and prints a table.
//
// For each scenario it opens the built site (vite preview) in Chromium at 1280×800, presses
// Play, and over a measured window reports:
//   - long-task share: the time in main-thread tasks over 50 ms (PerformanceObserver 'longtask')
//     divided by the window, and the longest such task;
//   - fps: requestAnimationFrame callbacks per second;
//   - epochs/s: how fast the shown epoch advanced;
//   - Node epochs/s: the same training (the same config, from the same URL state, bundled from
//     the same sources) run flat out in this Node process just before and just after the page
//     (averaged), and the worker's share of it.
// The worker's share is meaningful where the worker is not held back by the speed setting
// (2-8-8-1 on spiral-400 cannot reach 10,000 epochs/s).
//
//   node scripts/perf.mjs [--seconds 8] [--no-build] [--dist DIR] [--only 2-2-1@200,…] [--json] [--profile]
//                         [--profile-worker]
// (--dist: measure another build, e.g. an older commit's, beside this one's Node figures)
// (--profile: also print the main thread's busiest functions during each window)
// (--profile-worker: print the training worker's busiest functions during each window)
// (--extra '&method=autodiff': appended to every scenario's URL state, e.g. to time one method)
// (--threads: the CPU time of Chromium's threads during each window, from /proc (Linux): what the
//  page costs whatever else runs on the machine)
// (--trace-dir DIR: with --profile, also save each window's timeline trace there, for DevTools)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const seconds = Number(option('seconds', 8));
const only = option('only')?.split(',');
const profile = args.includes('--profile');
const profileWorker = args.includes('--profile-worker');
const dist = option('dist');
const traceDir = option('trace-dir');
const extra = option('extra', '');
const threads = args.includes('--threads');

/** Time per kind of main-thread work (script, style, layout, paint…) in a timeline trace. */
function printTrace(trace, windowMs) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const byName = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !main || e.tid !== main.tid || e.pid !== main.pid) continue;
    const v = byName.get(e.name) ?? { ms: 0, n: 0, max: 0 };
    v.ms += (e.dur ?? 0) / 1000;
    v.n++;
    v.max = Math.max(v.max, (e.dur ?? 0) / 1000);
    byName.set(e.name, v);
  }
  const top = [...byName.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 14);
  for (const [k, v] of top)
    console.log(
      `${((100 * v.ms) / windowMs).toFixed(1).padStart(5)} %  ${k} ×${v.n}, longest ${v.max.toFixed(1)} ms`,
    );
  // The same on the thread's CPU clock (tdur): what the page costs, apart from the time other
  // processes took the CPU from it (a loaded machine stretches wall-clock tasks, not these).
  const runTasks = events.filter(
    (e) => e.ph === 'X' && main && e.tid === main.tid && e.pid === main.pid && e.name === 'RunTask',
  );
  const cpu = runTasks.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  const overCpu = runTasks.filter((e) => (e.tdur ?? 0) > 50_000);
  console.log(
    `main thread CPU: ${((100 * cpu) / windowMs).toFixed(1)} % of the window; tasks over 50 ms of CPU: ${overCpu.length}, longest ${(Math.max(0, ...runTasks.map((e) => e.tdur ?? 0)) / 1000).toFixed(1)} ms`,
  );
  // What the longest tasks were made of: their direct children (rAF, message, layout, paint…).
  const onMain = events.filter((e) => e.ph === 'X' && main && e.tid === main.tid && e.pid === main.pid);
  const tasks = onMain.filter((e) => e.name === 'RunTask').sort((x, y) => y.dur - x.dur);
  for (const task of tasks.slice(0, 5)) {
    const end = task.ts + task.dur;
    const parts = new Map();
    for (const e of onMain) {
      if (e === task || e.ts < task.ts || e.ts + (e.dur ?? 0) > end || e.name === 'RunTask') continue;
      if (
        !/^(FireAnimationFrame|HandlePostMessage|FunctionCall|Layout|Paint|Commit|UpdateLayoutTree|PrePaint|Layerize|MinorGC|MajorGC|HitTest|TimerFire|EventDispatch)$/.test(
          e.name,
        )
      )
        continue;
      const key = e.name === 'FunctionCall' ? `FunctionCall ${e.args?.data?.functionName ?? ''}` : e.name;
      parts.set(key, (parts.get(key) ?? 0) + e.dur / 1000);
    }
    const list = [...parts.entries()].sort((x, y) => y[1] - x[1]).slice(0, 8);
    console.log(
      `task ${(task.dur / 1000).toFixed(1)} ms: ${list.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`,
    );
  }
}

/** The main thread's busiest functions (self time) in a CPU profile: where the frames go. */
function printProfile(p) {
  const self = new Map();
  const dt = new Map();
  p.samples.forEach((id, i) => {
    dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const total = [...dt.values()].reduce((a, b) => a + b, 0);
  for (const node of p.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0));
  }
  const top = [...self.entries()].sort((x, y) => y[1] - x[1]).slice(0, 20);
  for (const [k, v] of top) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  // Inclusive time of the page's draw functions (meaningful with a build that keeps names).
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const inclusive = (n) =>
    (dt.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + inclusive(byId.get(c)), 0);
  const incl = new Map();
  for (const n of p.nodes) {
    const name = n.callFrame.functionName;
    if (
      /^(draw|write|frame$|render$|show|update$|paint|setData|onmessage|_commit|commit$|sweepGrid|activations|appendHistory|receive|historySeries|setText|putImageData|rebuild|fillText|measureText)/.test(
        name,
      )
    )
      incl.set(name, (incl.get(name) ?? 0) + inclusive(n));
  }
  console.log('inclusive:');
  for (const [k, v] of [...incl.entries()].sort((x, y) => y[1] - x[1]).slice(0, 25))
    console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}

const base = 'v=1&act=sigmoid&out=sigmoid&loss=halfSSE&opt=sgd&lr=0.1&seed=42&init=numpy&epoch=0';
const SCENARIOS = [
  { name: '2-2-1@200', hash: `${base}&layers=2,2,1&data=xor&n=200&speed=200` },
  { name: '2-2-1@10000', hash: `${base}&layers=2,2,1&data=xor&n=200&speed=10000` },
  {
    name: '2-8-8-1 spiral-400@10000',
    hash: 'v=1&layers=2,8,8,1&act=tanh&out=sigmoid&loss=halfSSE&opt=adam&lr=0.01&seed=1&init=xavier&data=spiral&n=400&epoch=0&speed=10000',
  },
]
  .filter((s) => !only || only.includes(s.name))
  .map((s) => ({ ...s, hash: s.hash + extra }));

// ---- Node: the same training, bundled from the same sources as the worker. ----
async function nodeTrainer() {
  const out = mkdtempSync(join(tmpdir(), 'deltagrad-perf-'));
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    resolve: { conditions: ['@deltagrad/source', 'import', 'module', 'node', 'default'] },
    ssr: { noExternal: true, resolve: { conditions: ['@deltagrad/source'] } },
    build: {
      ssr: join(root, 'scripts', 'perf-train.ts'),
      outDir: out,
      emptyOutDir: true,
      target: 'node20',
      rollupOptions: { output: { entryFileNames: 'perf-train.mjs' } },
    },
  });
  const mod = await import(pathToFileURL(join(out, 'perf-train.mjs')).href);
  rmSync(out, { recursive: true, force: true });
  return mod;
}

// ---- CPU time per thread of this process's descendants (Chromium), from /proc. ----
function descendants(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  const out = [];
  const walk = (pid) => {
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** CPU seconds so far of every thread of Chromium, by process type and thread name. */
function threadTimes() {
  const hz = 100; // USER_HZ
  const times = new Map();
  for (const pid of descendants(process.pid)) {
    let type = 'browser';
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chrom')) continue;
      type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
      if (type === 'utility') type = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1] ?? type;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
        const [utime, stime] = stat
          .slice(stat.lastIndexOf(')') + 2)
          .split(' ')
          .slice(11, 13)
          .map(Number);
        const key = `${type} ${pid}: ${name}`;
        times.set(key, (times.get(key) ?? 0) + (utime + stime) / hz);
      }
    } catch {}
  }
  return times;
}

function printThreads(before, after, windowMs) {
  const rows = [];
  let total = 0;
  for (const [key, t] of after) {
    const d = t - (before.get(key) ?? 0);
    total += d;
    if (d > 0) rows.push([key, d]);
  }
  rows.sort((x, y) => y[1] - x[1]);
  console.log(`Chromium CPU: ${((100 * total * 1000) / windowMs).toFixed(0)} % of one core`);
  for (const [key, d] of rows.slice(0, 12))
    console.log(`${((100 * d * 1000) / windowMs).toFixed(1).padStart(6)} %  ${key}`);
}

// ---- Chromium: the page, measured from inside. ----
const MEASURE = () => {
  const perf = { longTasks: [], frames: 0 };
  window.__perf = perf;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) perf.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const count = () => {
    perf.frames++;
    requestAnimationFrame(count);
  };
  requestAnimationFrame(count);
};

async function sample(page) {
  return page.evaluate(() => ({
    now: performance.now(),
    frames: window.__perf.frames,
    epoch: Number(document.querySelector('[data-testid="epoch"]').dataset.value ?? Number.NaN),
  }));
}

/**
 * A CPU profiler on the page's training worker: CDP's auto-attach to the page's targets (not
 * flattened, so commands go through Target.sendMessageToTarget on the page's session).
 */
async function workerProfiler(context, page) {
  const cdp = await context.newCDPSession(page);
  let target = null;
  let id = 0;
  const pending = new Map();
  const attached = new Promise((resolve) => {
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type !== 'worker' || !e.targetInfo.title.includes('training')) return;
      target = e.sessionId;
      resolve();
    });
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message);
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId: target,
        message: JSON.stringify({ id: n, method, params }),
      });
    });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return {
    async start() {
      await attached;
      await send('Profiler.enable');
      await send('Profiler.setSamplingInterval', { interval: 200 });
      await send('Profiler.start');
    },
    async stop() {
      return (await send('Profiler.stop')).profile;
    },
  };
}

async function measurePage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(MEASURE);
  const workerCpu = profileWorker ? await workerProfiler(context, page) : null;
  await page.goto(url);
  await page.waitForSelector('[data-testid="run-status"][data-worker="idle"]');
  await page.getByTestId('play').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]').dataset.value) > 0);
  await page.waitForTimeout(1000); // warm-up: the measured window starts once training runs
  const cdp = profile ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        ...(traceDir ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : []),
      ],
    });
  }
  await workerCpu?.start();
  const cpuBefore = threads ? threadTimes() : null;
  const a = await sample(page);
  await page.waitForTimeout(seconds * 1000);
  const b = await sample(page);
  if (cpuBefore) printThreads(cpuBefore, threadTimes(), b.now - a.now);
  if (workerCpu) {
    console.log('worker:');
    printProfile(await workerCpu.stop());
  }
  if (cdp) {
    printProfile((await cdp.send('Profiler.stop')).profile);
    const trace = await browser.stopTracing();
    if (traceDir) writeFileSync(join(traceDir, `${url.split('#')[1].replace(/[^\w.-]+/g, '_')}.json`), trace);
    printTrace(JSON.parse(trace.toString()), b.now - a.now);
  }
  const longTasks = await page.evaluate(
    ([from, to]) => window.__perf.longTasks.filter((t) => t.start >= from && t.start < to),
    [a.now, b.now],
  );
  await context.close();
  const window_ = b.now - a.now;
  const busy = longTasks.reduce((sum, t) => sum + t.duration, 0);
  return {
    longTaskShare: busy / window_,
    longestTask: longTasks.reduce((m, t) => Math.max(m, t.duration), 0),
    longTasks: longTasks.length,
    fps: ((b.frames - a.frames) * 1000) / window_,
    epochsPerSecond: ((b.epoch - a.epoch) * 1000) / window_,
  };
}

async function main() {
  if (!dist && !args.includes('--no-build'))
    execFileSync('pnpm', ['exec', 'vite', 'build'], { cwd: root, stdio: 'inherit' });
  const outDir = dist ?? join(root, 'dist');
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`no ${outDir}/index.html: build first`);
  const trainer = await nodeTrainer();
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 4179, strictPort: true, host: '127.0.0.1' },
  });
  const executablePath =
    process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ||
    (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
  const rows = [];
  try {
    for (const s of SCENARIOS) {
      const load = loadavg()[0];
      // Node just before and just after the page, averaged: a load that changes meanwhile (other
      // jobs on the machine) weighs on both sides of the ratio alike.
      const before = trainer.epochsPerSecond(s.hash, Math.min(seconds, 4) / 2);
      const page = await measurePage(browser, `http://127.0.0.1:4179/#${s.hash}`);
      const after = trainer.epochsPerSecond(s.hash, Math.min(seconds, 4) / 2);
      rows.push({ scenario: s.name, ...page, nodeEpochsPerSecond: (before + after) / 2, load });
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
  }
  if (args.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  console.log(
    `\n${seconds} s per scenario, Chromium at 1280×800 (load average at start in the last column)\n`,
  );
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      'long tasks': pct(r.longTaskShare),
      'longest (ms)': Math.round(r.longestTask),
      fps: r.fps.toFixed(1),
      'epochs/s': Math.round(r.epochsPerSecond),
      'Node epochs/s': Math.round(r.nodeEpochsPerSecond),
      'worker / Node': pct(r.epochsPerSecond / r.nodeEpochsPerSecond),
      load: r.load.toFixed(1),
    })),
  );
}

await main();
