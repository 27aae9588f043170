import { GENERATORS, NUM_CLASSES, type Generator } from '../schema/labels.js';

/**
 * A truth and a prediction in which only the masks of `generators` are scored. The truth's pixels
 * of every other generator become 255 (ignored: the pixel metrics skip them), and the prediction
 * there becomes background, so that the boundary metrics, which see a prediction's boundaries
 * even over ignored truth, do not count a boundary drawn inside an unscored mask either: a
 * prediction there counts neither for nor against. Background (0) and the truth's own 255 stay;
 * a byte that is no label id at all (9..254) stays too, so the metrics still report it rather
 * than hide it. Returns new arrays; applying it twice gives the same result.
 * This is how the paper's Table 4 reports mIoU "only on masks from SDXL or SDXL-LoRA edits".
 * @internal
 */
export function keepGenerators(params: { gt: Uint8Array; pred: Uint8Array; generators: readonly Generator[] }): { gt: Uint8Array; pred: Uint8Array } {
  const { gt, pred, generators } = params;
  const dropped = droppedLabels(generators);
  const keptGt = new Uint8Array(gt.length);
  const keptPred = Uint8Array.from(pred);
  // A prediction of the wrong size is left as it is, for the metrics to report with its sizes.
  const paired = pred.length === gt.length;
  for (let i = 0; i < gt.length; i++) {
    const v = gt[i];
    if (dropped[v] === 1) {
      keptGt[i] = 255;
      if (paired) keptPred[i] = 0;
    } else keptGt[i] = v;
  }
  return { gt: keptGt, pred: keptPred };
}

const tables = new Map<string, Uint8Array>();

/** 1 at the label ids not kept (few sets of generators occur in a process: kept). */
function droppedLabels(generators: readonly Generator[]): Uint8Array {
  const key = [...generators].sort().join();
  let table = tables.get(key);
  if (!table) {
    const kept = new Set(generators.map((g) => GENERATORS.indexOf(g) + 1));
    table = Uint8Array.from({ length: 256 }, (_, v) => (v >= 1 && v < NUM_CLASSES && !kept.has(v) ? 1 : 0));
    tables.set(key, table);
  }
  return table;
}
