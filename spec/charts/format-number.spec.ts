import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/charts/format-number.js';

describe('formatNumber', () => {
  it('groups thousands, compacts for axes and prints percentages, whatever the locale', () => {
    expect(formatNumber({ value: 14308 })).toBe('14,308');
    expect(formatNumber({ value: 1234567.5, digits: 1 })).toBe('1,234,567.5');
    expect(formatNumber({ value: 999 })).toBe('999');
    expect(formatNumber({ value: 15000, compact: true })).toBe('15k');
    expect(formatNumber({ value: 1500, compact: true })).toBe('1.5k');
    expect(formatNumber({ value: 2_000_000, compact: true })).toBe('2M');
    expect(formatNumber({ value: 0.25, percent: true })).toBe('25%');
    expect(formatNumber({ value: 0.1, percent: true, digits: 1 })).toBe('10.0%');
  });
});
