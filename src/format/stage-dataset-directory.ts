import { lstat, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArgumentError } from '../errors.js';
import { outputFailed } from '../internal/output-failed.js';
import { realPath } from '../internal/real-path.js';
import { SHARD_NAME } from './shard-name.js';

/** A dataset being written out of sight, put in place by {@link StagedDirectory.commit}. */
export interface StagedDirectory {
  /** The final folder, every link along the path followed. */
  target: string;
  /** Where to write `README.md` and `data/` now: a hidden folder beside or inside `target`. */
  staging: string;
  /** Puts what `staging` holds in place of the target's `README.md` and `data/`. */
  commit(): Promise<void>;
  /** Removes `staging`; the target stays as it was. */
  discard(): Promise<void>;
}

/** Hidden folders a writer leaves inside a dataset folder only when it is killed mid-write. */
const LEFTOVER = /^\.diffseg30k-(writing|replaced)-/;

/**
 * Prepares to write a dataset to `dir` without destroying anything it did not write:
 *
 * - a missing `dir` is created only at commit, by renaming a finished hidden sibling into place;
 * - an existing empty folder gets the finished `README.md` and `data/` moved in at commit;
 * - a non-empty folder is refused unless `overwrite`, and even then only when it holds nothing
 *   but what a dataset writer writes (`README.md` and `data/{split}-NNNNN-of-NNNNN.parquet`);
 *   its old `README.md` and `data/` are swapped out only after the new ones are complete.
 *
 * So an interrupted or failed write leaves the old dataset as it was (plus, if the process was
 * killed, a hidden `.diffseg30k-…` folder that readers skip). Staging happens on the target's own
 * file system (inside it when it exists), so every commit step is a rename, never a copy.
 * @internal
 */
export async function stageDatasetDirectory(params: { dir: string; overwrite: boolean; verb: string }): Promise<StagedDirectory> {
  const { dir, overwrite, verb } = params;
  const target = await realPath(dir);

  const info = await lstat(target).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT') return undefined;
    return outputFailed({ path: target, what: 'cannot inspect' })(cause);
  });
  if (info && !info.isDirectory()) throw new ArgumentError({ message: `${verb}: ${dir} exists and is not a folder` });
  const entries = info ? await readdir(target, { withFileTypes: true }).catch(outputFailed({ path: target, what: 'cannot list' })) : [];
  const present = entries.filter((e) => !LEFTOVER.test(e.name));
  if (present.length > 0) {
    const names = present.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
    const listed = `${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
    if (!overwrite) {
      throw new ArgumentError({
        message: `${verb}: ${dir} is not empty (it holds ${listed}); pass overwrite: true (diffseg30k: --overwrite) to replace a dataset written before`,
      });
    }
    const foreign = await foreignEntries(target);
    if (foreign.length > 0) {
      throw new ArgumentError({
        message:
          `${verb}: will not overwrite ${dir}: it holds ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ` and ${foreign.length - 5} more` : ''}, ` +
          'which a dataset writer never writes; only a folder of README.md and data/{split}-NNNNN-of-NNNNN.parquet is replaced',
      });
    }
  }

  if (!info) {
    const parent = dirname(target);
    await mkdir(parent, { recursive: true }).catch(outputFailed({ path: parent, what: 'cannot create the folder' }));
    const staging = await mkdtemp(join(parent, `.${basename(target)}.diffseg30k-writing-`)).catch(outputFailed({ path: parent, what: 'cannot write' }));
    return {
      target,
      staging,
      async commit() {
        await rename(staging, target).catch(outputFailed({ path: target, what: 'cannot move the finished dataset into place' }));
      },
      discard: () => rm(staging, { recursive: true, force: true }),
    };
  }

  const staging = await mkdtemp(join(target, '.diffseg30k-writing-')).catch(outputFailed({ path: target, what: 'cannot write' }));
  return {
    target,
    staging,
    async commit() {
      const old = await mkdtemp(join(target, '.diffseg30k-replaced-')).catch(outputFailed({ path: target, what: 'cannot write' }));
      const moved: string[] = [];
      const wrote = new Set(await readdir(staging).catch(outputFailed({ path: staging, what: 'cannot list' })));
      try {
        // The old card and shards go aside first, so no old shard can end up beside new ones.
        for (const name of ['data', 'README.md']) {
          try {
            await rename(join(target, name), join(old, name));
            moved.push(name);
          } catch (cause) {
            if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
          }
        }
        for (const name of ['data', 'README.md']) if (wrote.has(name)) await rename(join(staging, name), join(target, name));
      } catch (cause) {
        // Put back what was there; the new files stay in staging, which discard() removes.
        for (const name of ['data', 'README.md']) if (wrote.has(name)) await rename(join(target, name), join(staging, name)).catch(() => undefined);
        for (const name of moved) await rename(join(old, name), join(target, name)).catch(() => undefined);
        await rm(old, { recursive: true, force: true });
        outputFailed({ path: target, what: 'cannot move the finished dataset into place' })(cause);
      }
      await rm(staging, { recursive: true, force: true });
      // Leftovers of killed runs go too: the folder now holds exactly this dataset.
      for (const e of entries) if (LEFTOVER.test(e.name)) await rm(join(target, e.name), { recursive: true, force: true });
      await rm(old, { recursive: true, force: true }).catch(outputFailed({ path: old, what: 'cannot remove the replaced dataset' }));
    },
    discard: () => rm(staging, { recursive: true, force: true }),
  };
}

/**
 * Entries of `dir` a dataset writer never writes (links included: a writer makes none).
 * @internal
 */
export async function foreignEntries(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (LEFTOVER.test(e.name) && e.isDirectory()) continue;
    if (e.name === 'README.md' && e.isFile()) continue;
    if (e.name === 'data' && e.isDirectory()) {
      for (const f of await readdir(join(dir, 'data'), { withFileTypes: true })) {
        if (!(f.isFile() && SHARD_NAME.test(f.name))) out.push(`data/${f.name}${f.isDirectory() ? '/' : f.isSymbolicLink() ? ' (a link)' : ''}`);
      }
      continue;
    }
    out.push(`${e.name}${e.isDirectory() ? '/' : e.isSymbolicLink() ? ' (a link)' : ''}`);
  }
  return out.sort();
}
