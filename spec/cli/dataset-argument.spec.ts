import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { datasetArgument, datasetName } from '../../src/cli/dataset-argument.js';

const args = (values: Record<string, string>, positionals: string[] = []) => ({ values, positionals });

describe('datasetArgument', () => {
  it('takes --data or the one positional argument, the same either way', () => {
    expect(datasetArgument(args({ data: 'samples' }))).toBe('samples');
    expect(datasetArgument(args({}, ['samples']))).toBe('samples');
    expect(datasetArgument(args({ data: 'samples' }, ['samples']))).toBe('samples');
  });

  it('is the fallback, else undefined (the default dataset), when none is given', () => {
    expect(datasetArgument({ ...args({}), fallback: 'samples' })).toBe('samples');
    expect(datasetArgument(args({}))).toBeUndefined();
    expect(datasetName(undefined)).toBe('the default dataset');
    expect(datasetName('hf://datasets/org/name')).toBe('hf://datasets/org/name');
  });

  it('refuses two different datasets, extra arguments and an empty one', () => {
    expect(() => datasetArgument(args({ data: 'a' }, ['b']))).toThrow(UsageError);
    expect(() => datasetArgument(args({ data: 'a' }, ['b']))).toThrow(/two datasets given \(--data a and b\)/);
    expect(() => datasetArgument(args({}, ['a', 'b']))).toThrow(/expected one dataset, got 2 arguments: a b/);
    expect(() => datasetArgument(args({ data: '' }))).toThrow(/the dataset is empty/);
  });
});
