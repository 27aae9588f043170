import { checkParams, keysOf } from '../internal/check-params.js';
/**
 * File name of shard `index` of `count` of a split, as `datasets.push_to_hub` names them:
 * `{split}-{index:05d}-of-{count:05d}.parquet`.
 * @example
 * shardName({ split: 'validation', index: 1, count: 4 }) // 'validation-00001-of-00004.parquet'
 */
export function shardName(params: { split: string; index: number; count: number }): string {
  checkParams('shardName', params, keysOf<Parameters<typeof shardName>[0]>()('split', 'index', 'count'));
  const pad = (n: number) => String(n).padStart(5, '0');
  return `${params.split}-${pad(params.index)}-of-${pad(params.count)}.parquet`;
}

/** Matches a shard file name; group 1 is the split, 2 the index, 3 the count. */
export const SHARD_NAME = /^(.+)-(\d{5,})-of-(\d{5,})\.parquet$/;
