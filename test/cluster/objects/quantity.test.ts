import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatMilli,
  milliValue,
  parseQuantity,
  quantityValue,
} from '../../../src/cluster/objects/quantity.js';

describe('quantities', () => {
  it.each([
    ['100m', 100],
    ['1', 1000],
    ['1.5', 1500],
    ['0.1', 100],
    ['2e3', 2_000_000],
    ['250000u', 250],
  ])('cpu %s is %i millicores', (q, milli) => {
    expect(milliValue(q)).toBe(milli);
  });
  it.each([
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['500k', 500_000],
    ['1024', 1024],
    ['1.5Gi', 1.5 * 2 ** 30],
  ])('memory %s is %i bytes', (q, bytes) => {
    expect(quantityValue(q)).toBe(bytes);
  });
  it('rejects nonsense', () => {
    expect(parseQuantity('12Mb')).toBeUndefined();
    expect(parseQuantity('abc')).toBeUndefined();
    expect(milliValue('x')).toBe(0);
  });
  it('formats', () => {
    expect(formatMilli(2000)).toBe('2');
    expect(formatMilli(250)).toBe('250m');
    expect(formatBytes(128 * 2 ** 20)).toBe('128Mi');
    expect(formatBytes(1000)).toBe('1000');
  });
});
