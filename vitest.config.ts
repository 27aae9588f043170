import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // parquet-wasm and sharp hold native/wasm memory; forks isolate it per file.
    pool: 'forks',
  },
});
