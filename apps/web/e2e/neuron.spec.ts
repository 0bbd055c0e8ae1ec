/** Hovering a hidden neuron of the network diagram shows its output large in the decision boundary. */
import { atEpoch, expect, test } from './fixtures';

test('hovering a neuron shows its output map large, and leaving brings ŷ back', async ({ page }) => {
  await page.goto('/#v=2&layers=2,3,1&act=tanh&epoch=50');
  await atEpoch(page, 50);
  const heatmap = page.getByTestId('heatmap');
  await expect(heatmap).toHaveAttribute('data-showing', 'output');
  const picture = () => heatmap.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  const output = await picture();
  const neurons = page.getByTestId('neuron');
  await expect(neurons).toHaveCount(3);
  await neurons.nth(1).hover();
  await expect(heatmap).toHaveAttribute('data-showing', '1:1');
  await expect(page.getByTestId('heatmap-showing')).toHaveText(
    "Showing neuron h¹₂'s output (hovered), not ŷ.",
  );
  const second = await picture();
  expect(second).not.toBe(output);
  await neurons.nth(2).hover();
  await expect(heatmap).toHaveAttribute('data-showing', '1:2');
  expect(await picture()).not.toBe(second);
  await page.getByTestId('play').hover();
  await expect(heatmap).toHaveAttribute('data-showing', 'output');
  await expect(page.getByTestId('heatmap-showing')).toBeHidden();
  expect(await picture()).toBe(output);
});
