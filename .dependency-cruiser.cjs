/**
 * Import boundaries of src/, checked by `npm test` (`npm run check:imports`). Folders form layers;
 * a module may import its own folder and any folder of a LOWER layer, never a higher or a sibling
 * one, so the flow points one way (cli → … → schema) and no folder-level cycle can form.
 * Keep this table and the picture in the README's "Development" section in step.
 */
const LAYERS = [
  ['schema'], // leaf: zod data model, labels, the Sample interface (errors.ts and internal/ sit below everything)
  ['mask', 'codec', 'io', 'charts'], // COCO RLE; image and label-map decoders; byte sources (file, HTTP ranges, retries); SVG charts and their PNG
  ['repo'], // dataset locations: local directory, bundled samples, Hub repo, zip archive
  ['card'], // the Hub dataset card: parse, render, HF features (YAML and the footer key)
  ['parquet'], // reading Parquet: footer, thrift, row-group plans, plain pages; shard schema, Arrow ↔ records
  ['format'], // the dataset verbs (openDataset, writeDataset, importDataset) and layouts
  ['splits', 'transforms', 'metrics', 'visualize'], // verbs over records, pixels and arrays
  ['sample'], // createSample, transformSample
  ['stream'], // loadSplit
  ['stats', 'validate', 'adapters', 'report'], // dataset-level reports; adapters to trainers (tf.data); evaluation reports and paper tables
  ['cli'], // the command line: thin faces over the verbs
];

const folder = (name) => `^src/${name}/`;
/** The package's entry points: the root index and each subpath's (package.json "exports"). */
const ENTRY = '^src/(index\\.ts|[^/]+/index\\.ts)$';
const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));

// For each folder: every other folder it may NOT import (same-layer siblings and higher layers).
const layerRules = [...rank].map(([name, r]) => {
  const forbidden = [...rank].filter(([other, o]) => other !== name && o >= r).map(([other]) => other);
  return {
    name: `layer-${name}`,
    comment: `${name}/ may import only folders below it: ${[...rank].filter(([, o]) => o < r).map(([n]) => n).join(', ') || '(none)'}`,
    severity: 'error',
    // A subpath's entry (src/{folder}/index.ts) gathers names from several folders for users,
    // like src/index.ts: it sits above the layers, and nothing in src/ may import it.
    from: { path: folder(name), pathNot: ENTRY },
    to: { path: forbidden.length ? `^src/(${forbidden.join('|')})/` : '^$' },
  };
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'module-level import cycles', from: {}, to: { circular: true } },
    {
      name: 'leaves-stay-leaves',
      comment: 'errors.ts and internal/ are below every folder',
      severity: 'error',
      from: { path: '^src/(errors\\.ts|internal/)' },
      to: { path: '^src/(?!errors\\.ts|internal/)' },
    },
    {
      name: 'no-root-barrel-inside',
      comment: 'the public entry points (the root index and each subpath index) are for users; src/ imports the module that declares a name',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ENTRY },
    },
    {
      name: 'schema-is-pure',
      comment: 'schema/ is the leaf: no I/O, no Arrow, no sharp',
      severity: 'error',
      from: { path: '^src/schema/' },
      to: { pathNot: '^src/|(^|/)zod(/|$)' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
