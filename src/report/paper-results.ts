/**
 * The published numbers of the DiffSeg30k paper's result tables, as its tables print them (three
 * decimals), for `paperTable` to set beside a user's runs. Tables 2, 3 and 5 are DeepLabv3+ (and
 * FCN-8s in Table 2) and 4 (SDXL vs SDXL with the Hyper-SD LoRA); Tables 6 and 7 the whole-image
 * detectors CNNSpot and UniversalFakeDet.
 */

/** A metric a paper table can show. */
export type PaperMetric = 'binary.accuracy' | 'binary.miou' | 'binary.bf1' | 'semantic.accuracy' | 'semantic.miou' | 'semantic.bf1' | 'detection.accuracy' | 'detection.ap';

/** The tables `paperTable` can shape. */
export const PAPER_TABLES = ['table2', 'table3', 'table4', 'table5', 'table6', 'table7'] as const;
/** One of {@link PAPER_TABLES}. */
export type PaperTableName = (typeof PAPER_TABLES)[number];

/** One column of a paper table. */
export interface PaperColumn {
  /** The number the column shows. */
  metric: PaperMetric;
  /** Its heading as the paper prints it (`Acc`, `mIoU`, `bF1`, `mAP`). */
  heading: string;
}

/** A column group of a paper table ("Binary segmentation": Acc, mIoU, bF1). */
export interface PaperColumnGroup {
  /** Group heading; empty for a table without groups. */
  title: string;
  /** The metrics under it, each with its column heading. */
  columns: readonly PaperColumn[];
}

/** One published row: the model, its setting (Tables 3, 4, 5, 7) and its numbers. */
export interface PaperRow {
  /** The model, as the paper names it. */
  model: string;
  /** The row's setting in Tables 3, 4, 5 and 7 ("JPEG 60", "SDXL-LoRA"). */
  setting?: string;
  /** The published numbers. */
  values: Partial<Record<PaperMetric, number>>;
}

/** One paper table: its caption, whether rows have a setting column, its column groups and rows. */
export interface PaperTable {
  /** The paper's table number and title. */
  caption: string;
  /** Heading of the setting column (Tables 3, 4, 5, 7), absent when rows are models only. */
  setting?: string;
  /** The column groups, left to right. */
  groups: readonly PaperColumnGroup[];
  /** The published rows, top to bottom. */
  rows: readonly PaperRow[];
  /**
   * The generators whose masks a run must have scored alone (`eval --generators`) for its numbers
   * to be the table's (Table 4: SDXL); absent when a run scores every generator.
   */
  generators?: readonly string[];
}

const SEGMENTATION = (task: 'binary' | 'semantic'): PaperColumnGroup => ({
  title: task === 'binary' ? 'Binary segmentation' : 'Semantic segmentation',
  columns: [
    { metric: `${task}.accuracy`, heading: 'Acc' },
    { metric: `${task}.miou`, heading: 'mIoU' },
    { metric: `${task}.bf1`, heading: 'bF1' },
  ],
});
const DETECTION: PaperColumnGroup = {
  title: '',
  columns: [
    { metric: 'detection.accuracy', heading: 'Acc' },
    { metric: 'detection.ap', heading: 'mAP' },
  ],
};
const seg = (b: [number, number, number], s?: [number, number, number]): PaperRow['values'] => ({
  'binary.accuracy': b[0],
  'binary.miou': b[1],
  'binary.bf1': b[2],
  ...(s && { 'semantic.accuracy': s[0], 'semantic.miou': s[1], 'semantic.bf1': s[2] }),
});
const det = (accuracy: number, ap: number): PaperRow['values'] => ({ 'detection.accuracy': accuracy, 'detection.ap': ap });
const DEEPLAB = 'DeepLabv3+';

/**
 * The paper's tables. Table 2's FCN-8s row is read from a text extraction in which its cells are
 * out of order; the reading kept (binary 0.566 / 0.366 / 0.363, semantic 0.192 / 0.039 / 0.053)
 * is the one in which each task's cells keep the paper's column order, as the DeepLabv3+ row's
 * do (its numbers are confirmed by Table 3's baseline).
 */
export const PAPER_RESULTS: Readonly<Record<PaperTableName, PaperTable>> = {
  table2: {
    caption: 'Table 2: performance of baseline segmentation models',
    groups: [SEGMENTATION('binary'), SEGMENTATION('semantic')],
    rows: [
      { model: 'FCN-8s', values: seg([0.566, 0.366, 0.363], [0.192, 0.039, 0.053]) },
      { model: DEEPLAB, values: seg([0.984, 0.974, 0.761], [0.916, 0.76, 0.431]) },
    ],
  },
  table3: {
    caption: 'Table 3: robustness to image transformations',
    setting: 'Distortion',
    groups: [SEGMENTATION('binary'), SEGMENTATION('semantic')],
    rows: [
      { model: DEEPLAB, setting: 'Baseline', values: seg([0.984, 0.974, 0.761], [0.916, 0.76, 0.431]) },
      { model: DEEPLAB, setting: 'JPEG 60', values: seg([0.867, 0.782, 0.556], [0.184, 0.013, 0.019]) },
      { model: DEEPLAB, setting: 'JPEG 80', values: seg([0.907, 0.847, 0.613], [0.19, 0.014, 0.019]) },
      { model: DEEPLAB, setting: 'resize 256', values: seg([0.811, 0.751, 0.631], [0.021, 0.012, 0.021]) },
      { model: DEEPLAB, setting: 'resize 1024', values: seg([0.816, 0.729, 0.499], [0.168, 0.168, 0.014]) },
    ],
  },
  table4: {
    caption: 'Table 4: effect of LoRA on localization performance (mIoU on SDXL masks only)',
    setting: 'Edit model (in val)',
    groups: [{ title: '', columns: [{ metric: 'semantic.miou', heading: 'mIoU (SDXL)' }] }],
    rows: [
      { model: DEEPLAB, setting: 'SDXL', values: { 'semantic.miou': 0.657 } },
      { model: DEEPLAB, setting: 'SDXL-LoRA', values: { 'semantic.miou': 0.63 } },
    ],
    generators: ['sdxl'],
  },
  table5: {
    caption: 'Table 5: generalization to unseen diffusion generators',
    setting: 'Generalize to',
    groups: [SEGMENTATION('binary')],
    rows: [
      { model: DEEPLAB, setting: 'Baseline', values: seg([0.984, 0.974, 0.761]) },
      { model: DEEPLAB, setting: 'Flux_Hunyuan', values: seg([0.92, 0.867, 0.526]) },
      { model: DEEPLAB, setting: 'SD2_SD3.5', values: seg([0.931, 0.833, 0.372]) },
      { model: DEEPLAB, setting: 'Glide_Kolors', values: seg([0.953, 0.927, 0.648]) },
    ],
  },
  table6: {
    caption: 'Table 6: binary classification results of established AIGC detectors',
    groups: [DETECTION],
    rows: [
      { model: 'CNNSpot', values: det(0.942, 0.979) },
      { model: 'UniversalFakeDet', values: det(0.86, 0.934) },
    ],
  },
  table7: {
    caption: 'Table 7: cross-generator generalization of UniversalFakeDet',
    setting: 'Generalize to',
    groups: [DETECTION],
    rows: [
      { model: 'UniversalFakeDet', setting: 'Baseline', values: det(0.86, 0.934) },
      { model: 'UniversalFakeDet', setting: 'Flux_Hunyuan', values: det(0.768, 0.877) },
      { model: 'UniversalFakeDet', setting: 'SD2_SD3.5', values: det(0.714, 0.817) },
      { model: 'UniversalFakeDet', setting: 'Glide_Kolors', values: det(0.749, 0.844) },
    ],
  },
};
