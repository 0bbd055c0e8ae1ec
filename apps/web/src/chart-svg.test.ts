import { describe, expect, it } from 'vitest';
import { lossChartSvg } from './chart-svg';

/** The (epoch, loss) pairs an SVG file carries, read back. */
function pointsOf(svg: string): number[][] {
  const raw = svg.match(/data-points="([^"]*)"/)![1]!;
  return raw === '' ? [] : raw.split(';').map((p) => p.split(' ').map(Number));
}

describe('lossChartSvg', () => {
  it('writes every point with its numbers in full, and one polyline vertex per point', () => {
    const epoch = [0, 1, 2, 3];
    const loss = [0.5116626730593693, 0.5, 0.25, 1 / 3];
    const svg = lossChartSvg(epoch, loss, { label: '½·SSE', log: false });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(pointsOf(svg)).toEqual(epoch.map((e, i) => [e, loss[i]]));
    expect(svg.match(/points="([^"]*)"/)![1]!.split(' ')).toHaveLength(4);
    expect(svg).toContain('Loss (½·SSE)');
  });

  it('leaves out what a log scale cannot show, and escapes the label', () => {
    const svg = lossChartSvg([0, 1, 2], [0.1, 0, Number.NaN], { label: '<b>&', log: true });
    expect(pointsOf(svg)).toEqual([[0, 0.1]]);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&#60;b&#62;&#38;');
  });
});
