/**
 * The fake Hub of the specs in a process of its own, for bench/hub.ts's throughput measure (a
 * real Hub is not in the reader's event loop). Usage: `tsx bench/hub-server.ts <repo> <dir>`:
 * serves every file under <dir> as the repo, prints the endpoint on stdout, exits when stdin closes.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { startFakeHub } from '../spec/helpers/fake-hub.js';

const [repo, dir] = process.argv.slice(2);
async function walk(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await walk(join(d, e.name))));
    else out.push(join(d, e.name));
  }
  return out;
}
const files: Record<string, Uint8Array> = {};
for (const path of await walk(dir)) files[relative(dir, path).split(sep).join('/')] = new Uint8Array(await readFile(path));
const hub = await startFakeHub();
hub.addRepo({ repo, files });
process.stdout.write(`${hub.endpoint}\n`);
process.stdin.resume();
process.stdin.on('end', () => void hub.close().then(() => process.exit(0)));
