import { describe, expect, it } from 'vitest';
import { nextTradingDay } from '../src/finance/data/calendar.js';

describe('nextTradingDay', () => {
  const exchange = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'];
  const sevenDay = Array.from({ length: 14 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
  it('skips the weekend for an exchange, not for a market that trades every day', () => {
    expect(nextTradingDay('2024-01-05', exchange)).toBe('2024-01-08'); // a Friday
    expect(nextTradingDay('2024-01-03', exchange)).toBe('2024-01-04');
    expect(nextTradingDay('2024-01-05', sevenDay)).toBe('2024-01-06');
    expect(nextTradingDay('2023-12-31', exchange)).toBe('2024-01-01'); // across a year
  });
});
