import { describe, expect, it } from 'vitest';
import { nextTradingDay, weekendDateWarning } from '../src/finance/data/calendar.js';

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

describe('weekendDateWarning', () => {
  // Four weeks of weekdays, then a stray Saturday.
  const weekdays = Array.from({ length: 26 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
  const exchange = [...weekdays, '2024-01-27'];
  const sevenDay = Array.from({ length: 14 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
  it('flags a Saturday or Sunday row of a 5-day market, never a weekday or a 7-day market\'s weekend', () => {
    expect(weekendDateWarning('2024-01-27', exchange)).toBe('2024-01-27 is a Saturday, in a series that trades 5 days a week (1 of its 21 dates falls on a weekend): a misdated or stray row?');
    expect(weekendDateWarning('2024-01-28', [...exchange, '2024-01-28'])).toMatch(/^2024-01-28 is a Sunday, .*\(2 of its 22 dates fall on a weekend\)/);
    expect(weekendDateWarning('2024-01-26', exchange)).toBeNull();
    expect(weekendDateWarning('2024-01-13', sevenDay)).toBeNull();
  });
});
