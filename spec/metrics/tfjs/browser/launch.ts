import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/*
 * The Chromium of the browser spec. By default it is the x86-64 Linux build that the devDependency
 * @sparticuz/chromium carries inside its npm tarball, so `npm ci` is all a fresh machine needs and
 * every machine (CI included) tests the same pinned browser. CHROMIUM_PATH overrides it.
 */

export interface ChromiumBinary {
  /** What is launched, for messages. */
  label: string;
  executablePath: string;
  /** Variables the browser needs on top of the caller's environment. */
  env: Record<string, string>;
  /** The pinned npm Chromium, whose SwiftShader WebGL and WebGPU are known to work. */
  bundled: boolean;
}

/*
 * Chosen flag by flag rather than taking @sparticuz/chromium's `chromium.args`, which are tuned for
 * AWS Lambda: `--single-process` (with `--no-zygote`, `--in-process-gpu`) puts renderer and GPU in
 * the browser process, so a GPU-process fault takes the whole browser down, and a desktop machine
 * never runs like that; `--disable-web-security`, `--allow-running-insecure-content` and the cache
 * and font tweaks do nothing for a page served from 127.0.0.1.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  // The machine may have no network: without these Chromium keeps retrying refused connections
  // (QUIC, component and safe-browsing updates, sync) in the background of every run.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // No GPU here: WebGL through ANGLE on SwiftShader's Vulkan, which Chromium only allows when told.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  // WebGPU is off on Linux by default; this exposes the SwiftShader adapter (to secure origins
  // such as http://127.0.0.1, not about:blank).
  '--enable-unsafe-webgpu',
];

const run = promisify(execFile);

/** The Chromium to launch: CHROMIUM_PATH if set, else the npm one, unpacked on first use. */
export async function findChromium(): Promise<ChromiumBinary> {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) {
      throw new Error(`browser spec: CHROMIUM_PATH=${override} does not exist; unset it to use the Chromium of @sparticuz/chromium`);
    }
    return { label: `CHROMIUM_PATH=${override}`, executablePath: override, env: {}, bundled: false };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `browser spec: the Chromium of @sparticuz/chromium is built for x86-64 Linux, not ${process.platform}-${process.arch}; set CHROMIUM_PATH to a Chromium or Chrome`,
    );
  }
  const { version, dir } = await unpackNpmChromium();
  const libraryPath = [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return {
    label: `@sparticuz/chromium ${version} (${dir})`,
    executablePath: join(dir, 'chromium'),
    // The binary links NSS, NSPR and expat, which a bare Debian lacks; the package's Amazon Linux
    // copies of them work on Debian 12's glibc. (Their libsoftokn3 wants libsqlite3, also absent,
    // but it is NSS's certificate store, which a plain-http page never makes Chromium load.) Bundled fonts make
    // text the same on every machine, and spare a bare machine fontconfig's missing-config error.
    env: { LD_LIBRARY_PATH: libraryPath, FONTCONFIG_FILE: join(dir, 'fonts.conf') },
    bundled: true,
  };
}

/** A persistent context on a fresh profile, with the launch failure's reason when it fails. */
export async function launchChromium(binary: ChromiumBinary, profile: string): Promise<BrowserContext> {
  try {
    return await chromium.launchPersistentContext(profile, {
      executablePath: binary.executablePath,
      headless: true,
      env: { ...process.env, ...binary.env },
      args: CHROMIUM_ARGS,
    });
  } catch (error) {
    throw new Error(`browser spec: could not launch ${binary.label}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/**
 * The Chromium of the browser spec with a fresh profile and one page, for a spec that reads back
 * what the package drew; `close()` closes it and removes the profile (also done when launching fails).
 */
export async function openChromium(spec: string): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const binary = await findChromium();
  const profile = await mkdtemp(join(tmpdir(), 'diffseg30k-chromium-'));
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    context = await launchChromium(binary, profile);
    const page = await context.newPage();
    console.info(`${spec}: launched ${binary.label}`);
    return { context, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Files whose presence means an unpacked folder is whole (the tmp cleaner may have pruned it). */
const UNPACKED = ['chromium', 'libvk_swiftshader.so', 'vk_swiftshader_icd.json', 'al2023/lib/libnss3.so', 'fonts/fonts', 'fonts.conf'];
const isWhole = (dir: string): boolean => UNPACKED.every((file) => existsSync(join(dir, file)));

/*
 * @sparticuz/chromium's own `executablePath()` unpacks to fixed names in the temp folder
 * (`$TMPDIR/chromium`, its SwiftShader libraries loose beside it) and reuses whatever is there:
 * any version, or a half-written binary while another process is still unpacking. So the package
 * unpacks in a child whose TMPDIR is a private staging folder, which is then renamed, whole, to a
 * per-version folder. A rename is atomic: concurrent test processes each unpack privately, the
 * first rename wins, the others see a non-empty target, drop their copy and use the winner's.
 */
async function unpackNpmChromium(): Promise<{ version: string; dir: string }> {
  // The package folder, above whichever build (cjs/, esm/ or neither, by version) resolves; and
  // its ES module entry, which the unpacking child imports.
  let root = dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  while (!existsSync(join(root, 'package.json')) || JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).name !== '@sparticuz/chromium') {
    if (dirname(root) === root) throw new Error('browser spec: the folder of @sparticuz/chromium was not found');
    root = dirname(root);
  }
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string; module?: string; main: string };
  const { version } = manifest;
  const entry = join(root, manifest.module ?? manifest.main);
  // Per user too: the folder sits in a shared /tmp, and another user's copy is not to be trusted.
  const dir = join(tmpdir(), `diffseg30k-sparticuz-chromium-${version}-u${process.getuid?.() ?? 0}`);
  if (await isOurs(dir)) {
    if (isWhole(dir)) return { version, dir };
    await discard(dir);
  }

  const staging = await mkdtemp(`${dir}.unpacking-`);
  try {
    // Unpack in a child: the package reads TMPDIR when it unpacks, and on import it rewrites
    // LD_LIBRARY_PATH and HOME when it thinks it runs on AWS; neither must touch this process.
    const script = [
      'const [entry, al2023] = process.argv.slice(1);',
      'const { default: chromium, inflate: exported } = await import(entry);',
      // Releases before 153 keep inflate out of the entry's exports, in lambdafs.js beside it.
      "const inflate = exported ?? (await import(new URL('./lambdafs.js', entry))).inflate;",
      'await chromium.executablePath();',
      'await inflate(al2023);',
    ].join('\n');
    await run(process.execPath, ['--input-type=module', '-e', script, '--', pathToFileURL(entry).href, join(root, 'bin', 'al2023.tar.br')], {
      env: { ...process.env, TMPDIR: staging },
    });
    // The package's fonts.conf names /tmp/fonts and a shared cache folder; point at this copy.
    const fonts = join(dir, 'fonts', 'fonts').replace(/&/g, '&amp;').replace(/</g, '&lt;');
    await writeFile(join(staging, 'fonts.conf'), `<?xml version="1.0"?>\n<fontconfig><dir>${fonts}</dir></fontconfig>\n`);
    if (!isWhole(staging)) throw new Error(`unpacking left out ${UNPACKED.filter((file) => !existsSync(join(staging, file))).join(', ')}`);
    try {
      await rename(staging, dir);
    } catch (error) {
      // Another process renamed its copy first: use that one.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !(await isOurs(dir)) || !isWhole(dir)) throw error;
      await rm(staging, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`browser spec: could not unpack @sparticuz/chromium ${version} into ${dir}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return { version, dir };
}

/** True for a real folder of this user that no one else can write; throws for anything else there. */
async function isOurs(dir: string): Promise<boolean> {
  const stat = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stat) return false;
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) {
    throw new Error(`browser spec: ${dir} is not a private folder of this user; remove it or set TMPDIR elsewhere`);
  }
  return true;
}

/** Moves a pruned folder out of the way first, so no process ever sees it half-deleted. */
async function discard(dir: string): Promise<void> {
  const aside = `${dir}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(dir, aside);
  } catch (error) {
    // Another process got there first.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}
