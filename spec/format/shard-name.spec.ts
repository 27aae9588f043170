import { describe, expect, it } from 'vitest';
import { shardName } from '../../src/format/shard-name.js';

describe('shardName', () => {
  it('names shards as datasets.push_to_hub does', () => {
    expect(shardName({ split: 'validation', index: 1, count: 4 })).toBe('validation-00001-of-00004.parquet');
    expect(shardName({ split: 'train', index: 0, count: 123456 })).toBe('train-00000-of-123456.parquet');
  });
});
