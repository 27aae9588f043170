import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubSettings } from '../../src/repo/hub-settings.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('hubSettings', () => {
  it('expands ~ and $VAR / ${VAR} in HF_HOME, HF_HUB_CACHE and XDG_CACHE_HOME as Python does; unknown variables stay', () => {
    const env = { HOME: '/home/u', DATA: '/data' };
    expect(hubSettings({ env: { ...env, HF_HOME: '~/x' } }).cacheDir).toBe('/home/u/x/hub');
    expect(hubSettings({ env: { ...env, HF_HUB_CACHE: '$HOME/cache' } }).cacheDir).toBe('/home/u/cache');
    expect(hubSettings({ env: { ...env, HF_HUB_CACHE: '${DATA}/hf/$NOPE' } }).cacheDir).toBe('/data/hf/$NOPE');
    expect(hubSettings({ env: { ...env, XDG_CACHE_HOME: '~/xdg' } }).cacheDir).toBe('/home/u/xdg/huggingface/hub');
    expect(hubSettings({ env: {} }).cacheDir).toBe(join(homedir(), '.cache', 'huggingface', 'hub'));
    // `~user` is not this user's home: left as it is (Python would look the user up).
    expect(hubSettings({ env: { ...env, HF_HUB_CACHE: '~other/x' } }).cacheDir).toBe('~other/x');
  });

  it('reads the token file hf auth login writes ($HF_HOME/token, or HF_TOKEN_PATH) when no token is given', async () => {
    const home = await tempDir('hub-settings-');
    await writeFile(join(home, 'token'), 'hf_fromTheTokenFile123\r\n');
    expect(hubSettings({ env: { HF_HOME: home } }).token).toBe('hf_fromTheTokenFile123');
    expect(hubSettings({ env: { HF_HOME: home, HF_TOKEN: 'hf_env' } }).token).toBe('hf_env');
    expect(hubSettings({ env: { HF_HOME: home }, accessToken: 'hf_param' }).token).toBe('hf_param');
    expect(hubSettings({ env: { HF_HOME: home, HF_HUB_DISABLE_IMPLICIT_TOKEN: '1', HF_TOKEN: 'hf_env' } }).token).toBeUndefined();
    await writeFile(join(home, 'other-token'), 'hf_otherPlace456');
    expect(hubSettings({ env: { HF_HOME: home, HF_TOKEN_PATH: join(home, 'other-token') } }).token).toBe('hf_otherPlace456');
    // A folder (or anything not a small regular file) where the token file should be is no token.
    const odd = await tempDir('hub-settings-');
    await mkdir(join(odd, 'token'));
    expect(hubSettings({ env: { HF_HOME: odd } }).token).toBeUndefined();
  });

  it('takes HF_HUB_OFFLINE the way Python does', () => {
    for (const v of ['1', 'ON', 'yes', 'True']) expect(hubSettings({ env: { HF_HUB_OFFLINE: v } }).offline).toBe(true);
    for (const v of ['0', '', 'no']) expect(hubSettings({ env: { HF_HUB_OFFLINE: v } }).offline).toBe(false);
  });
});
