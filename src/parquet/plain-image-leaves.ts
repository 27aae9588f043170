/**
 * Whether a row group's Image column (`struct<bytes: binary, path: string>`) is stored the way
 * `writeDataset` stores it — PLAIN pages, no compression, no dictionary — so that its values can
 * be taken straight out of fetched bytes (readImageColumn), whole chunks or a span of pages.
 * @internal
 */
import type { ParquetFooter } from './read-parquet-footer.js';
import { getInt, getString, getStruct, getStructList } from './thrift.js';

/** A leaf of the struct: where its chunk is and how its definition levels read. */
export interface ImageLeaf {
  name: 'bytes' | 'path';
  /** Position among the file's leaf columns (= column chunk index in a row group). */
  leaf: number;
  /** Definition level at or above which the struct is present. */
  structLevel: number;
  /** Definition level of a present value (the maximum). */
  maxLevel: number;
}

const BYTE_ARRAY = 6;
const OPTIONAL = 1;
const REQUIRED = 0;
const UNCOMPRESSED = 0;

/**
 * The two leaves of top-level column `column` (in the file's leaf order) when it is exactly
 * `struct<bytes: binary, path: binary>` (either order, each optional or required, not repeated)
 * and both of its chunks in row group `rowGroup` are uncompressed with no dictionary page; else
 * `undefined` (the caller decodes the column with parquet-wasm).
 */
export function plainImageLeaves(params: { footer: ParquetFooter; rowGroup: number; column: string }): ImageLeaf[] | undefined {
  const { footer, rowGroup, column } = params;
  const top = footer.columns.find((c) => c.name === column);
  if (!top) return undefined;
  const schema = getStructList(footer.raw, 2);
  const [from, to] = top.schemaRange;
  const group = schema[from];
  const groupRepetition = getInt(group, 3) ?? REQUIRED;
  if (to - from !== 3 || getInt(group, 5) !== 2 || (groupRepetition !== OPTIONAL && groupRepetition !== REQUIRED)) return undefined;
  const structLevel = groupRepetition === OPTIONAL ? 1 : 0;
  const leaves: ImageLeaf[] = [];
  for (let i = 1; i < 3; i++) {
    const element = schema[from + i];
    const name = getString(element, 4);
    const repetition = getInt(element, 3) ?? REQUIRED;
    if ((name !== 'bytes' && name !== 'path') || getInt(element, 1) !== BYTE_ARRAY || (getInt(element, 5) ?? 0) !== 0) return undefined;
    if (repetition !== OPTIONAL && repetition !== REQUIRED) return undefined;
    leaves.push({ name, leaf: top.leafRange[0] + i - 1, structLevel, maxLevel: structLevel + (repetition === OPTIONAL ? 1 : 0) });
  }
  if (leaves[0].name === leaves[1].name) return undefined;
  const chunkMeta = getStructList(getStructList(footer.raw, 4)[rowGroup], 1);
  for (const leaf of leaves) {
    const meta = getStruct(chunkMeta[leaf.leaf], 3);
    if (!meta || getInt(meta, 4) !== UNCOMPRESSED || (getInt(meta, 11) ?? 0) > 0) return undefined;
  }
  return leaves;
}
