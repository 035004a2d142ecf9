import { describe, expect, it } from 'vitest';
import { features, fitScaler } from '../src/tabular/evaluation/features.js';
import { parseTable } from '../src/tabular/data/table.js';

describe('classifier and distance features', () => {
  it('a numeric column constant in the training rows is scaled by 1, not by its rounding noise', () => {
    // 274 × 47.68 sums to a mean of 47.68000000000018 and an sd of 1.8e-13: a later value of 39 became -5e13.
    const train = parseTable(['late,fraud', ...Array.from({ length: 274 }, (_, i) => `47.68,${i % 9 ? 0 : 1}`)].join('\n') + '\n', 'train.csv', { kinds: { late: 'numeric' } });
    const scaler = fitScaler(train, 'fraud');
    expect(scaler.numeric).toEqual([{ name: 'late', mean: expect.closeTo(47.68, 9), sd: 1 }]);
    const later = parseTable('late,fraud\n39,0\n56,1\n', 'test.csv', { kinds: { late: 'numeric' } });
    const x = features(later, scaler);
    expect(x[0]).toBeCloseTo(39 - 47.68, 6);
    expect(x[scaler.width]).toBeCloseTo(56 - 47.68, 6);
  });
});
