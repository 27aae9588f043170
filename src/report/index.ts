/**
 * `diffseg30k/report` — evaluation reports and the paper's tables: what `diffseg30k eval --report`
 * and `diffseg30k table` call (`writeEvaluationReport`, `paperTable`, `readEvaluationRun`, the
 * paper's published rows), and the pieces they are drawn from.
 * @packageDocumentation
 */
export { writeEvaluationReport, type WriteEvaluationReportParams, type WrittenEvaluationReport, type WrittenFigure } from './write-evaluation-report.js';
export { trackImages, type ImageScore, type TrackedImages } from './track-images.js';
export { imageIou } from './image-iou.js';
export { pickPanelImages, type PanelPicks } from './pick-panel-images.js';
export { precisionRecallCurve, type PrecisionRecallPoint } from './precision-recall-curve.js';
export { resultPanels, type ResultPanelImage, type ResultPanelGroup } from './result-panels.js';
export { paperTable, TABLE_FORMATS, type TableFormat } from './paper-table.js';
export { readEvaluationRun, type EvaluationRun } from './read-evaluation-run.js';
export { PAPER_RESULTS, PAPER_TABLES, type PaperTableName, type PaperTable, type PaperRow, type PaperColumnGroup, type PaperColumn, type PaperMetric } from './paper-results.js';
