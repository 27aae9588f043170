/**
 * What the HTTP deadlines cost on the byte path: range reads of a 96 MiB file in 3 MiB ranges
 * (a Parquet row group's size) over loopback from the fake Hub in a process of its own, with the
 * default deadlines (`DEFAULT_TIMEOUTS`) against the same reads with every deadline off
 * (`Infinity`, rate guard 0) — the reference, measured in the same run, the two interleaved.
 * Per transport: node:http (the default) and a given fetch. Reported: medians of wall time and
 * of the reader's CPU time per pass, and their ratios (target ≤ 1.05). Run:
 * `npx tsx bench/http-deadlines.ts` (BENCH_HTTP_ROUNDS sets the rounds, default 15).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { httpClient, httpSource } from '../src/io/index.js';
import { printTable } from './harness.js';

const SIZE = 96 << 20;
const RANGE = 3 << 20;
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 15);
const OFF = { connectMs: Infinity, idleMs: Infinity, minBytesPerSecond: 0, totalMs: Infinity, apiTotalMs: Infinity };

const dir = await mkdtemp(join(tmpdir(), 'diffseg-bench-http-'));
const bytes = new Uint8Array(SIZE);
for (let i = 0; i < SIZE; i += 997) bytes[i] = (i * 31) & 255;
await writeFile(join(dir, 'x.bin'), bytes);
const server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'hub-server.ts'), 'bench/http', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
const endpoint = await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once('line', resolve));
const url = `${endpoint}/datasets/bench/http/resolve/main/x.bin`;

/** One pass over the file: wall and reader CPU milliseconds. */
async function pass(transport: 'node:http' | 'fetch', timeouts: typeof OFF | undefined): Promise<{ wall: number; cpu: number }> {
  const client = httpClient({ timeouts, fetch: transport === 'fetch' ? (input, init) => globalThis.fetch(input, init) : undefined });
  const source = httpSource({ url, byteLength: SIZE, client });
  await source.read(0, 1); // the redirect, outside the measure
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let at = 0; at + RANGE <= SIZE; at += RANGE) await source.read(at, at + RANGE);
  const cpu = process.cpuUsage(cpu0);
  return { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const rows: (string | number)[][] = [];
try {
  for (const transport of ['node:http', 'fetch'] as const) {
    const on: { wall: number; cpu: number }[] = [];
    const off: { wall: number; cpu: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Interleaved, alternating which goes first, so drift in the machine's load hits both.
      if (r % 2) {
        on.push(await pass(transport, undefined));
        off.push(await pass(transport, OFF));
      } else {
        off.push(await pass(transport, OFF));
        on.push(await pass(transport, undefined));
      }
    }
    const [wOn, wOff, cOn, cOff] = [median(on.map((x) => x.wall)), median(off.map((x) => x.wall)), median(on.map((x) => x.cpu)), median(off.map((x) => x.cpu))];
    rows.push([transport, wOn, wOff, wOn / wOff, cOn, cOff, cOn / cOff]);
  }
} finally {
  server.stdin!.end();
  await rm(dir, { recursive: true, force: true });
}
printTable(
  `HTTP deadlines: 96 MiB in 3 MiB ranges over loopback, medians of ${ROUNDS} interleaved passes (load ${loadavg().map((x) => x.toFixed(2)).join(' ')})`,
  ['transport', 'wall ms, deadlines on', 'wall ms, off (reference)', 'wall ratio', 'cpu ms, on', 'cpu ms, off', 'cpu ratio (target ≤ 1.05)'],
  rows,
);
