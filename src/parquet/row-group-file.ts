/**
 * Builds a small, self-contained Parquet file holding one row group's chosen columns, from a
 * footer we parsed and the column chunks we fetched — so parquet-wasm decodes bytes already in
 * hand through its synchronous `readParquet`.
 *
 * Why not `ParquetFile.fromFile` with a blob-like adapter: in parquet-wasm 0.8 a Rust panic inside
 * the async reader (which a corrupt data page triggers: we tried) is thrown from a promise
 * callback, escapes every `try`, and kills the process. The synchronous `readParquet` raises the
 * same failure as a catchable exception in our own stack frame, and the module keeps working
 * afterwards. The cost is one copy of the projected chunks, which a reader holds anyway.
 * @internal
 */
import { type TStruct, type TValue, TType, encodeStruct, getStructList } from './thrift.js';
import type { ParquetFooter } from './read-parquet-footer.js';

/**
 * The file for row group `rowGroup` with only the top-level columns named in `columns`
 * (`chunks[i]` holds the bytes of the i-th selected leaf chunk, in schema order); with
 * `rowGroup` undefined, a file with the full schema and no rows, for reading the schema alone.
 */
export function buildRowGroupFile(params: {
  footer: ParquetFooter;
  rowGroup?: number;
  columns?: readonly string[];
  chunks?: Uint8Array[];
}): Uint8Array {
  const { footer } = params;
  const keep = footer.columns.filter((c) => !params.columns || params.columns.includes(c.name));
  const schemaIn = getStructList(footer.raw, 2);
  const schemaOut: TValue[] = [];
  const root = new Map(schemaIn[0]);
  root.set(5, { type: TType.I32, value: keep.length });
  schemaOut.push({ type: TType.STRUCT, value: root });
  const keptLeaves: number[] = [];
  for (const c of keep) {
    for (let i = c.schemaRange[0]; i < c.schemaRange[1]; i++) schemaOut.push({ type: TType.STRUCT, value: schemaIn[i] });
    for (let i = c.leafRange[0]; i < c.leafRange[1]; i++) keptLeaves.push(i);
  }

  const meta: TStruct = new Map(footer.raw);
  meta.set(2, { type: TType.LIST, elemType: TType.STRUCT, value: schemaOut });
  // The embedded Arrow schema describes every column; after pruning it would contradict the
  // Parquet schema, so the Arrow types come from the Parquet logical types alone (the same for
  // every projection). A row group's file needs no key-value metadata at all: kept, it would be
  // encoded here, parsed by parquet-wasm, and carried into every decoded table's schema.
  const kv = meta.get(5);
  if (params.rowGroup !== undefined) meta.delete(5);
  else if (kv && kv.type === TType.LIST) {
    meta.set(5, {
      type: TType.LIST,
      elemType: TType.STRUCT,
      value: kv.value.filter((e) => !(e.type === TType.STRUCT && keyOf(e.value) === 'ARROW:schema')),
    });
  }
  const orders = meta.get(7);
  if (orders && orders.type === TType.LIST) {
    meta.set(7, { type: TType.LIST, elemType: orders.elemType, value: keptLeaves.map((i) => orders.value[i]).filter(Boolean) });
  }

  const parts: Uint8Array[] = [new TextEncoder().encode('PAR1')];
  let offset = 4;
  if (params.rowGroup === undefined) {
    meta.set(3, { type: TType.I64, value: 0 });
    meta.set(4, { type: TType.LIST, elemType: TType.STRUCT, value: [] });
  } else {
    const rgIn = getStructList(footer.raw, 4)[params.rowGroup];
    const info = footer.rowGroups[params.rowGroup];
    const chunksIn = getStructList(rgIn, 1);
    const chunks = params.chunks ?? [];
    if (chunks.length !== keptLeaves.length) throw new Error(`expected ${keptLeaves.length} chunks, got ${chunks.length}`);
    const chunksOut: TValue[] = [];
    let total = 0;
    keptLeaves.forEach((leaf, k) => {
      const bytes = chunks[k];
      const shift = offset - info.columns[leaf].start;
      const cc = new Map(chunksIn[leaf]);
      // Page and bloom-filter indexes point into the original file; the reader does not need them.
      for (const id of [4, 5, 6, 7]) cc.delete(id);
      cc.set(2, { type: TType.I64, value: offset });
      const md = new Map((cc.get(3) as { value: TStruct }).value);
      md.set(9, { type: TType.I64, value: (md.get(9) as { value: number }).value + shift });
      const dict = md.get(11);
      if (dict && dict.type === TType.I64 && dict.value === info.columns[leaf].start) {
        md.set(11, { type: TType.I64, value: offset });
      } else {
        md.delete(11);
      }
      // Index pages and bloom filters are not copied; statistics (a string column's min and max
      // can be whole values: long prompts and RLE masks), key-value metadata and encoding and
      // size statistics are not needed to decode.
      for (const id of [8, 10, 12, 13, 14, 15, 16, 17]) md.delete(id);
      cc.set(3, { type: TType.STRUCT, value: md });
      chunksOut.push({ type: TType.STRUCT, value: cc });
      parts.push(bytes);
      offset += bytes.length;
      total += bytes.length;
    });
    const rg: TStruct = new Map(rgIn);
    rg.set(1, { type: TType.LIST, elemType: TType.STRUCT, value: chunksOut });
    // Sorting columns refer to leaf positions that pruning changed; ordinals to the old file.
    rg.delete(4);
    rg.delete(7);
    if (rg.has(5)) rg.set(5, { type: TType.I64, value: 4 });
    if (rg.has(6)) rg.set(6, { type: TType.I64, value: total });
    meta.set(3, { type: TType.I64, value: info.numRows });
    meta.set(4, { type: TType.LIST, elemType: TType.STRUCT, value: [{ type: TType.STRUCT, value: rg }] });
  }
  const footerBytes = encodeStruct(meta);
  parts.push(footerBytes);
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(0, footerBytes.length, true);
  trailer.set(new TextEncoder().encode('PAR1'), 4);
  parts.push(trailer);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function keyOf(kv: TStruct): string | undefined {
  const k = kv.get(1);
  return k && k.type === TType.BINARY ? new TextDecoder().decode(k.value) : undefined;
}
