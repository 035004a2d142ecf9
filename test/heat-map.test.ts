import { describe, expect, it } from 'vitest';
import { divergingColor, heatMap } from '../src/finance/report/heat-map.js';

describe('heatMap', () => {
  it('draws d × d cells with their values, and escapes names', () => {
    const svg = heatMap({ title: 'r <real>', names: ['S&P 500', 'A<B>', 'C"D'], values: [1, 0.5, -0.25, 0.5, 1, 0, -0.25, 0, 1] });
    expect(svg.match(/<rect class="cell"/g)).toHaveLength(9);
    expect(svg).toContain('S&amp;P 500');
    expect(svg).toContain('A&lt;B&gt;');
    expect(svg).toContain('C&quot;D');
    expect(svg).toContain('r &lt;real&gt;');
    expect(svg).not.toContain('A<B>');
    expect(svg).toContain('>-0.25<');
    expect(svg).toContain('>1.00<');
  });

  it('uses a diverging scale: white at zero, red above, blue below', () => {
    expect(divergingColor(0)).toBe('rgb(255,255,255)');
    expect(divergingColor(1)).toBe('rgb(178,24,43)');
    expect(divergingColor(-1)).toBe('rgb(33,102,172)');
  });

  it('is wide enough for its title, with a colour scale', () => {
    const title = 'block bootstrap: corr(|r|) between assets';
    const svg = heatMap({ title, names: ['a', 'b'], values: [1, 0.3, 0.3, 1] });
    expect(Number(/width="(\d+)"/.exec(svg)![1])).toBeGreaterThanOrEqual(8 * title.length);
    expect(svg.match(/<rect class="scale"/g)).toHaveLength(5);
    expect(svg).toContain('>-1</text>');
    expect(svg).toContain('>1</text>');
  });

  it('refuses values that are not d × d', () => {
    expect(() => heatMap({ title: 't', names: ['a', 'b'], values: [1, 2, 3] })).toThrow(/3 values for 2 names/);
  });
});
