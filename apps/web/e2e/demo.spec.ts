import { atEpoch, expect, readValue, ready, tableShown, test, traced } from './fixtures';

test.describe('the demo', () => {
  test('loads without console errors', async ({ page }, testInfo) => {
    await page.goto('/');
    await ready(page);
    await expect(page).toHaveTitle(/deltagrad/);
    await atEpoch(page, 0);
    await tableShown(page, 9);
    await expect(page.getByTestId('url-notice')).toBeHidden();
    // The defaults are written to the URL, so the page is shareable from the start.
    await expect(page).toHaveURL(
      /#v=2&layers=2,2,1&act=sigmoid&out=sigmoid&loss=halfSSE&init=numpy&seed=42&opt=sgd&lr=0.1&epochs=10000000&data=xor&/,
    );
    // ½·Σ(y − ŷ)² at the seed script's initial weights (its printed MSE 0.2558 times N/2 = 2).
    expect(await readValue(page, 'loss')).toBeCloseTo(2 * 0.2558, 3);
    await page.screenshot({ path: testInfo.outputPath('loaded.png'), fullPage: true });
  });

  test('play lowers the loss', async ({ page }, testInfo) => {
    await page.goto('/');
    await ready(page);
    const before = await readValue(page, 'loss');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'playing');
    await expect.poll(() => readValue(page, 'epoch')).toBeGreaterThanOrEqual(400);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'paused');
    // The worker's own report that it stopped; from then on the shown epoch is final.
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-worker', 'idle');
    const epoch = await readValue(page, 'epoch');
    await expect(page).toHaveURL(new RegExp(`[#&]epoch=${epoch}&`));
    expect(await readValue(page, 'loss')).toBeLessThan(before);
    // Paused means paused: from here each Step moves exactly one epoch, and the URL follows.
    for (let k = 1; k <= 3; k++) {
      await page.getByTestId('step').click();
      await atEpoch(page, epoch + k);
      await expect(page).toHaveURL(new RegExp(`[#&]epoch=${epoch + k}&`));
    }
    expect(await readValue(page, 'epoch')).toBe(epoch + 3);
    await page.screenshot({ path: testInfo.outputPath('after-play.png'), fullPage: true });
  });

  test('the table shows agreement ≤ 1e-12', async ({ page }, testInfo) => {
    await page.goto(
      '/#v=1&layers=2,2,1&act=sigmoid&out=sigmoid&loss=halfSSE&opt=sgd&lr=0.1&seed=42&init=numpy&data=xor&n=200&epoch=500&speed=200',
    );
    await ready(page);
    await atEpoch(page, 500);
    await tableShown(page, 9);
    const read = (testId: string) =>
      page
        .getByTestId(testId)
        .evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.value)));
    const abs = await read('cell-abs-diff');
    const rel = await read('cell-rel-diff');
    expect(abs).toHaveLength(9);
    for (const d of abs) expect(d).toBeLessThanOrEqual(1e-12);
    for (const d of rel) expect(d).toBeLessThanOrEqual(1e-12);
    await expect(page.getByTestId('cell-agree')).toHaveText(Array(9).fill('✓ yes'));
    expect(await readValue(page, 'max-grad-diff')).toBeLessThanOrEqual(1e-12);
    const autodiff = await read('cell-autodiff');
    const manual = await read('cell-manual');
    autodiff.forEach((a, i) => {
      expect(Math.abs(a - manual[i]!)).toBeLessThanOrEqual(1e-12);
    });
    // Finite differences on demand: close to both, at the accuracy central differences have.
    await page.getByTestId('fd-button').click();
    await expect(page.getByTestId('cell-fd').first()).not.toHaveText('—');
    const fd = await read('cell-fd');
    fd.forEach((f, i) => {
      expect(Math.abs(f - autodiff[i]!)).toBeLessThan(1e-7);
    });
    await page.getByTestId('grad-table').screenshot({ path: testInfo.outputPath('table.png') });
  });

  test('stepping the backward pass advances the highlight, and the shown δ equals the shown adjoint', async ({
    page,
  }, testInfo) => {
    await page.goto('/');
    await ready(page);
    await traced(page);
    const active = page.locator('[data-testid="graph-node"][aria-current="step"]');
    await expect(active).toHaveCount(1);
    await expect(active).toHaveAttribute('data-name', 'L');
    const total = Number((await page.getByTestId('bw-step').textContent())!.match(/of (\d+)/)![1]);
    expect(total).toBeGreaterThanOrEqual(10);
    const seen: string[] = [];
    const checkedZ = new Set<string>();
    for (let k = 1; k < total; k++) {
      const before = await active.getAttribute('data-node-id');
      await page.getByTestId('bw-next').click();
      await expect(page.getByTestId('bw-step')).toContainText(`node ${k + 1} of ${total}`);
      await expect(active).toHaveCount(1);
      const id = await active.getAttribute('data-node-id');
      expect(id).not.toBe(before);
      const name = (await active.getAttribute('data-name'))!;
      seen.push(name);
      await expect(page.getByTestId('bw-node')).toHaveAttribute('data-name', name);
      if (/^z\d$/.test(name)) {
        const deltas = page.getByTestId('bw-delta');
        const adjoints = page.getByTestId('bw-adjoint');
        const count = await deltas.count();
        expect(count).toBeGreaterThan(0);
        for (let j = 0; j < count; j++) {
          const d = deltas.nth(j);
          const a = adjoints.nth(j);
          expect(await d.textContent()).toBe(await a.textContent());
          expect(
            Math.abs(Number(await d.getAttribute('data-value')) - Number(await a.getAttribute('data-value'))),
          ).toBeLessThanOrEqual(1e-12);
        }
        await expect(page.getByTestId('bw-verdict')).toContainText('agree');
        // The δ equation with the numbers substituted, typeset by KaTeX.
        await expect(page.getByTestId('bw-card').locator('.katex').first()).toBeVisible();
        checkedZ.add(name);
        if (name === 'z2')
          await page.getByTestId('bw-card').screenshot({ path: testInfo.outputPath('backward-z2.png') });
      }
    }
    // Backpropagation order: the output layer's z before the hidden layer's.
    expect(seen.indexOf('z2')).toBeLessThan(seen.indexOf('z1'));
    expect([...checkedZ].sort()).toEqual(['z1', 'z2']);
    await page.getByTestId('bw-first').click();
    await expect(active).toHaveAttribute('data-name', 'L');
    await page.locator('.backward').screenshot({ path: testInfo.outputPath('backward.png') });
  });

  test('the forward pass steps from the inputs to the loss, then the backward pass starts from L', async ({
    page,
  }) => {
    await page.goto('/');
    await ready(page);
    for (let k = 1; k <= 3; k++) {
      await page.getByTestId('step').click();
      await atEpoch(page, k);
    }
    await traced(page);
    await page.getByTestId('fw-first').click();
    await expect(page.getByTestId('bw-step')).toHaveAttribute('data-pass', 'forward');
    const total = Number((await page.getByTestId('bw-step').textContent())!.match(/of (\d+)/)![1]);
    const active = page.locator('[data-testid="graph-node"][aria-current="step"]');
    const seen: string[] = [];
    for (let k = 1; k <= total; k++) {
      await expect(page.getByTestId('bw-step')).toContainText(
        `forward pass · node ${k} of ${total} · epoch 3`,
      );
      const name = (await active.getAttribute('data-name'))!;
      seen.push(name);
      await expect(page.getByTestId('bw-node')).toHaveAttribute('data-name', name);
      if (/^[za]\d$/.test(name))
        await expect(page.getByTestId('bw-card').locator('.katex').first()).toBeVisible();
      if (k < total) await page.getByTestId('bw-next').click();
    }
    // Inputs first: z1 before a1 before z2, and the loss last, its value the loss read-out's.
    expect(seen.indexOf('z1')).toBeLessThan(seen.indexOf('z2'));
    expect(seen.at(-1)).toBe('L');
    expect(Number(await page.getByTestId('fw-value').getAttribute('data-value'))).toBe(
      await readValue(page, 'loss'),
    );
    await page.getByTestId('bw-next').click();
    await expect(page.getByTestId('bw-step')).toContainText('backward pass · node 1 of');
    await expect(active).toHaveAttribute('data-name', 'L');
  });

  test('the URL round-trips a configuration and reproduces the exact run', async ({ page }, testInfo) => {
    const hash =
      'v=2&layers=2,3,1&act=tanh&out=sigmoid&loss=mse&init=xavier&seed=7&opt=momentum&lr=0.3&epochs=10000000&data=xor&n=200&method=all&fd=0&bar=0.01&dseed=42&vanish=0.01&noise=0&train=50&feat=x1,x2&batch=0&reg=none&regRate=0.001&bug=none&edit=&epoch=25&speed=50';
    await page.goto(`/#${hash}`);
    await ready(page);
    await atEpoch(page, 25);
    await expect(page.getByTestId('url-notice')).toBeHidden();
    await expect(page.getByTestId('architecture')).toHaveText('2–3–1');
    await expect(page.getByTestId('option-activation')).toHaveValue('tanh');
    await expect(page.getByTestId('option-loss')).toHaveValue('mse');
    await expect(page.getByTestId('option-optimizer')).toHaveValue('momentum');
    await expect(page.getByTestId('option-lr')).toHaveValue('0.3');
    await expect(page.getByTestId('option-seed')).toHaveValue('7');
    await expect(page.getByTestId('option-init')).toHaveValue('xavier');
    await expect(page.getByTestId('speed')).toHaveValue('5');
    expect(new URL(page.url()).hash).toBe(`#${hash}`);
    const lossFromLink = await readValue(page, 'loss');

    // The same run, trained by hand from its initial weights, gives the same number bit for bit.
    await page.getByTestId('reset').click();
    await atEpoch(page, 0);
    for (let k = 1; k <= 25; k++) {
      await page.getByTestId('step').click();
      await atEpoch(page, k);
    }
    expect(await readValue(page, 'loss')).toBe(lossFromLink);
    expect(new URL(page.url()).hash).toBe(`#${hash}`);

    // A change is written back, and a reload (or a shared link) restores it.
    await page.getByTestId('option-seed').fill('9');
    await page.getByTestId('option-seed').press('Enter');
    await expect(page).toHaveURL(/seed=9&/);
    await expect(page).toHaveURL(/epoch=0&/);
    await page.reload();
    await ready(page);
    await expect(page.getByTestId('option-seed')).toHaveValue('9');
    await expect(page.getByTestId('option-activation')).toHaveValue('tanh');
    await page.screenshot({ path: testInfo.outputPath('from-url.png') });
  });

  test('bad or hostile URL state falls back to the defaults with a visible notice', async ({
    page,
  }, testInfo) => {
    const bad = 'v=1&seed=abc&act=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&epoch=99999999';
    await page.goto(`/#${bad}`);
    await ready(page);
    const notice = page.getByTestId('url-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('role', 'status');
    await expect(notice).toContainText('defaults');
    await expect(notice).toContainText('seed');
    await expect(notice).toContainText('act');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.getByTestId('option-seed')).toHaveValue('42');
    await atEpoch(page, 0);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-worker', 'idle');
    await page.screenshot({ path: testInfo.outputPath('bad-url.png') });
    // The rejected link stays in the address bar, for the user to see and fix …
    expect(new URL(page.url()).hash).toBe(`#${bad}`);
    // … until they do something: then the page writes what it shows.
    await page.getByTestId('step').click();
    await atEpoch(page, 1);
    await expect(page).toHaveURL(/#v=2&layers=2,2,1&.*seed=42&.*epoch=1&/);
  });

  test('keyboard controls work', async ({ page }, testInfo) => {
    await page.goto('/');
    await ready(page);
    await page.locator('h1').click();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'playing');
    await expect.poll(() => readValue(page, 'epoch')).toBeGreaterThan(5);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'paused');
    await expect(page.getByTestId('run-status')).toContainText('Paused');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-worker', 'idle');
    const epoch = await readValue(page, 'epoch');
    await page.keyboard.press('ArrowRight');
    await atEpoch(page, epoch + 1);
    await page.keyboard.press('ArrowRight');
    await atEpoch(page, epoch + 2);
    // The backward-pass stepper: . next node, , previous.
    await traced(page);
    const active = page.locator('[data-testid="graph-node"][aria-current="step"]');
    await expect(active).toHaveAttribute('data-name', 'L');
    await page.keyboard.press('.');
    await expect(page.getByTestId('bw-step')).toContainText('node 2 of');
    await page.keyboard.press(',');
    await expect(page.getByTestId('bw-step')).toContainText('node 1 of');
    // R resets to the same initial weights.
    const lossAt0 = 2 * 0.2558;
    await page.keyboard.press('r');
    await atEpoch(page, 0);
    expect(await readValue(page, 'loss')).toBeCloseTo(lossAt0, 3);
    // Tab reaches the controls, and Enter/Space on a focused button activates it (no double toggle).
    await page.getByTestId('step').focus();
    await page.keyboard.press('Enter');
    await atEpoch(page, 1);
    await page.getByTestId('play').focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'playing');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'paused');
    await page.screenshot({ path: testInfo.outputPath('keyboard.png') });
  });

  test('honours prefers-reduced-motion', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/');
    await ready(page);
    await traced(page);
    const duration = await page
      .locator('[data-testid="graph-node"] rect')
      .first()
      .evaluate((el) => getComputedStyle(el).transitionDuration);
    expect(duration).toBe('0s');
  });

  test('the seed gallery sweeps seeds and loads one with a click', async ({ page }, testInfo) => {
    await page.goto('/');
    await ready(page);
    await page.getByTestId('sweep-start').fill('40');
    await page.getByTestId('sweep-count').selectOption('8');
    await page.getByTestId('sweep-epochs').selectOption('10000');
    await page.getByTestId('sweep').click();
    await expect(page.getByTestId('gallery-seed')).toHaveCount(8);
    await expect(page.getByTestId('sweep-summary')).toContainText(/^8 seeds: \d+ learned, \d+ slow/);
    const seed42 = page.locator('[data-testid="gallery-seed"][data-seed="42"]');
    await expect(seed42).toContainText('stuck');
    await expect(seed42).toHaveAttribute('aria-current', 'true');
    const other = page.locator('[data-testid="gallery-seed"][data-seed="41"]');
    await other.click();
    await expect(page.getByTestId('option-seed')).toHaveValue('41');
    await expect(page).toHaveURL(/seed=41&/);
    await expect(other).toHaveAttribute('aria-current', 'true');
    await page.locator('.gallery').screenshot({ path: testInfo.outputPath('gallery.png') });
  });
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('there is no horizontal scroll', async ({ page }, testInfo) => {
    await page.goto('/');
    await ready(page);
    const overflow = () =>
      page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        body: document.body.scrollWidth,
      }));
    let o = await overflow();
    expect(o.scroll).toBeLessThanOrEqual(o.client);
    expect(o.body).toBeLessThanOrEqual(o.client);
    // Also with the widest content on screen: the equations of a hidden layer and a trained state.
    await traced(page);
    for (let k = 0; k < 10; k++) await page.getByTestId('bw-next').click();
    await page.getByTestId('step').click();
    await atEpoch(page, 1);
    o = await overflow();
    expect(o.scroll).toBeLessThanOrEqual(o.client);
    await page.screenshot({ path: testInfo.outputPath('phone.png'), fullPage: true });
    for (const panel of ['controls', 'boundary', 'network', 'loss-panel', 'table-panel', 'backward']) {
      await page.locator(`.${panel}`).screenshot({ path: testInfo.outputPath(`phone-${panel}.png`) });
    }
  });
});

test.describe('other settings', () => {
  const cases = [
    'v=1&layers=2,2,1&act=sigmoid&out=sigmoid&loss=bce&opt=adam&lr=0.03&seed=3&init=xavier&data=xor&n=200&epoch=40&speed=200',
    'v=1&layers=2,4,1&act=tanh&out=identity&loss=mse&opt=rmsprop&lr=0.01&seed=5&init=he&data=circle&n=100&epoch=20&speed=200',
    'v=1&layers=2,8,8,1&act=relu&out=sigmoid&loss=halfSSE&opt=momentum&lr=0.01&seed=11&init=he&data=spiral&n=400&epoch=10&speed=200',
    'v=1&layers=2,1&act=sigmoid&out=sigmoid&loss=bce&opt=sgd&lr=0.5&seed=0&init=numpy&data=gaussians&n=50&epoch=0&speed=200',
  ];
  for (const hash of cases) {
    test(`trains, agrees and traces: ${hash.split('&').slice(1, 6).join(' ')}`, async ({
      page,
    }, testInfo) => {
      await page.goto(`/#${hash}`);
      await ready(page);
      await expect(page.getByTestId('url-notice')).toBeHidden();
      const epoch = Number(new URLSearchParams(hash).get('epoch'));
      await atEpoch(page, epoch);
      await page.getByTestId('step').click();
      await atEpoch(page, epoch + 1);
      expect(await readValue(page, 'max-grad-diff')).toBeLessThanOrEqual(1e-12);
      // Walk the whole backward pass; at every z the two methods agree.
      await traced(page);
      await page.getByTestId('bw-last').click();
      const total = Number((await page.getByTestId('bw-step').textContent())!.match(/of (\d+)/)![1]);
      await page.getByTestId('bw-first').click();
      for (let k = 1; k < total; k++) {
        await page.keyboard.press('.');
        await expect(page.getByTestId('bw-step')).toContainText(`node ${k + 1} of`);
        const name = (await page.getByTestId('bw-node').getAttribute('data-name'))!;
        if (/^z\d$/.test(name)) await expect(page.getByTestId('bw-verdict')).toContainText('agree');
      }
      await page.screenshot({ path: testInfo.outputPath('settings.png'), fullPage: true });
    });
  }
});
