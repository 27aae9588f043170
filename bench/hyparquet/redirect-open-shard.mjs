// A module resolve hook (node:module register) for the benches: open-dataset.ts's `./open-shard.js`
// resolves to the switch beside this file; every other import resolves as usual.
const target = new URL('./open-shard-switch.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === './open-shard.js' && context.parentURL?.endsWith('/src/format/open-dataset.ts')) return nextResolve(target, context); // through the next hooks (tsx), which load .ts
  return nextResolve(specifier, context);
}
