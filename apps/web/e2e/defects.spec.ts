/** Tests named after the defects they guard against (issue 14's review of the demo). */
import { atEpoch, expect, readValue, ready, test } from './fixtures';

const DEFAULTS =
  'v=2&layers=2,2,1&act=sigmoid&out=sigmoid&loss=halfSSE&init=numpy&seed=42&opt=sgd&lr=0.1&epochs=10000000&data=xor&n=200&method=autodiff,manual&fd=0&bar=0.01&dseed=42&vanish=0.01&noise=0&train=50&feat=x1,x2&batch=0&reg=none&regRate=0.001&bug=none&edit=';

test.describe('links', () => {
  test('a link past epoch 100,000 loads: every epoch the page reaches, a link can carry', async ({
    page,
  }) => {
    const hash = `${DEFAULTS}&epoch=100001&speed=200`;
    await page.goto(`/#${hash}`);
    // Replaying 100,001 epochs takes a while on a busy machine: a ceiling, not a wait.
    await expect(page.getByTestId('epoch')).toHaveAttribute('data-value', '100001', { timeout: 600_000 });
    await expect(page.getByTestId('url-notice')).toBeHidden();
    expect(new URL(page.url()).hash).toBe(`#${hash}`);
    await page.getByTestId('step').click();
    await atEpoch(page, 100002);
    await expect(page).toHaveURL(/[#&]epoch=100002&/);
  });

  test('settings put in the query string are not ignored silently', async ({ page }) => {
    await page.goto('/?seed=7&act=tanh');
    await ready(page);
    const notice = page.getByTestId('url-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('?seed=7&act=tanh');
    await expect(notice).toContainText('after the #');
    await notice.getByRole('link', { name: 'Open these settings' }).click();
    await expect(page.getByTestId('option-seed')).toHaveValue('7');
    await expect(page.getByTestId('option-activation')).toHaveValue('tanh');
  });

  test('the last speed change reaches the URL while training (the throttle used to drop it)', async ({
    page,
  }) => {
    await page.goto('/');
    await ready(page);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'playing');
    await page.getByTestId('speed').fill('9');
    await page.getByTestId('speed').fill('3');
    await expect(page).toHaveURL(/[#&]speed=10$/);
    await expect(page.getByTestId('play')).toHaveAttribute('data-state', 'playing');
    await page.getByTestId('play').click();
  });

  test('a settings change keeps the speed (it used to snap back to 200)', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.getByTestId('speed').fill('4');
    await expect(page.locator('#speed-out')).toHaveText('20 epochs/s');
    await page.getByTestId('option-seed').fill('9');
    await page.getByTestId('option-seed').press('Enter');
    await expect(page).toHaveURL(/seed=9&.*speed=20$/);
    await expect(page.getByTestId('speed')).toHaveValue('4');
    await expect(page.locator('#speed-out')).toHaveText('20 epochs/s');
  });
});

test.describe('drawing', () => {
  test('nothing runs an animation loop while the page is idle', async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __frames: { requested: number; raf: typeof requestAnimationFrame } };
      w.__frames = { requested: 0, raf: window.requestAnimationFrame.bind(window) };
      window.requestAnimationFrame = (callback) => {
        w.__frames.requested++;
        return w.__frames.raf(callback);
      };
    });
    await page.goto('/');
    await ready(page);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-worker', 'idle');
    // Frames the page asks for during 30 frames of its own: none, once the last draw is done.
    const requestedOver30Frames = () =>
      page.evaluate(async () => {
        const w = window as unknown as { __frames: { requested: number; raf: typeof requestAnimationFrame } };
        const before = w.__frames.requested;
        for (let k = 0; k < 30; k++) await new Promise((resolve) => w.__frames.raf(resolve));
        return w.__frames.requested - before;
      });
    await expect.poll(requestedOver30Frames).toBe(0);
  });

  test('the read-outs hold their widest values on one line at 1280 px', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/');
    await ready(page);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-worker', 'idle');
    const fits = await page.evaluate(() => {
      const widest: Record<string, string> = {
        epoch: '9999999',
        loss: '0.000123457',
        'max-grad-diff': '1.39e-17',
      };
      return Object.entries(widest).map(([id, text]) => {
        const dd = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
        dd.textContent = text;
        return { id, scroll: dd.scrollWidth, client: dd.clientWidth };
      });
    });
    for (const f of fits) expect(f.scroll, f.id).toBeLessThanOrEqual(f.client);
  });

  test('bias labels do not collide with neuron names at 8 units', async ({ page }) => {
    await page.goto(
      `/#v=1&layers=2,8,8,1&act=tanh&out=sigmoid&loss=halfSSE&opt=sgd&lr=0.1&seed=1&init=xavier&data=circle&n=100&epoch=0&speed=200`,
    );
    await ready(page);
    await expect(page.locator('#network .bias-label').first()).not.toHaveText('');
    const overlaps = await page.evaluate(() => {
      const boxes = (selector: string) =>
        [...document.querySelectorAll<SVGTextElement>(`#network ${selector}`)].map((t) => t.getBBox());
      const titles = boxes('.neuron-title');
      const biases = boxes('.bias-label');
      const hit = (a: DOMRect, b: DOMRect) =>
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      return {
        titles: titles.length,
        biases: biases.length,
        overlaps: biases.filter((b) => titles.some((t) => hit(b, t))).length,
      };
    });
    expect(overlaps).toEqual({ titles: 19, biases: 17, overlaps: 0 });
  });

  test('the gallery loads the trained state its card shows, not epoch 0', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.getByTestId('sweep-start').fill('41');
    await page.getByTestId('sweep-count').selectOption('8');
    await page.getByTestId('sweep-epochs').selectOption('1000');
    await page.getByTestId('sweep').click();
    await expect(page.getByTestId('gallery-seed')).toHaveCount(8);
    // Its accessible name is its visible text.
    const card = page.locator('[data-testid="gallery-seed"][data-seed="43"]');
    await expect(card).toHaveAccessibleName(
      /^Load seed 43 MSE [\d.e-]+ [✓…✗] (learned|slow|stuck|diverged)$/,
    );
    await card.click();
    await atEpoch(page, 1000);
    await expect(page).toHaveURL(/seed=43&.*epoch=1000&/);
    expect(await readValue(page, 'epoch')).toBe(1000);
  });
});

test.describe('on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('after tapping Play the decision boundary and the loss are in view; the table fits its box', async ({
    page,
  }, testInfo) => {
    await page.goto('/');
    await ready(page);
    await page.getByTestId('play').tap();
    await expect.poll(() => readValue(page, 'epoch')).toBeGreaterThan(20);
    const inView = await page.evaluate(() =>
      ['#heatmap', '#loss-chart canvas'].map((selector) => {
        const r = document.querySelector(selector)!.getBoundingClientRect();
        return { selector, top: r.top, bottom: r.bottom, height: r.height, viewport: window.innerHeight };
      }),
    );
    for (const box of inView) {
      expect(box.top, box.selector).toBeGreaterThanOrEqual(0);
      expect(box.bottom, box.selector).toBeLessThanOrEqual(box.viewport);
      expect(box.height, box.selector).toBeGreaterThan(100);
    }
    await page.screenshot({ path: testInfo.outputPath('phone-playing.png') });
    await page.getByTestId('play').tap();
    await page.locator('.table-panel').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('grad-row')).toHaveCount(9);
    const table = await page
      .locator('.table-wrap')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    await page.locator('.table-panel').screenshot({ path: testInfo.outputPath('phone-table.png') });
  });
});
