/**
 * What `src/format/open-dataset.ts` gets for `./open-shard.js` in a bench that called
 * {@link useReaderSwitch}: the package's module, with `openShard` wrapped so that the reader in
 * use ({@link setReader}) decides who reads the row groups — the package, or hyparquet. One
 * process, the same loadSplit, the same data: only the reader differs.
 */
import { openShard as packageOpenShard, type OpenShardParams, type Shard } from '../../src/format/open-shard.js';
import { hyparquetShard } from './hyparquet-shard.js';
import { currentReader } from './reader.js';

export * from '../../src/format/open-shard.js';

export async function openShard(params: OpenShardParams): Promise<Shard> {
  const shard = await packageOpenShard(params);
  return currentReader() === 'hyparquet' && shard.isDiffseg ? hyparquetShard({ shard, byteSource: params.byteSource, contentKey: params.contentKey }) : shard;
}
