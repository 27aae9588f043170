/**
 * `diffseg30k/stats` — describing and picturing a dataset: `describeDataset` (counts per split,
 * generator, edit type…), `datasetStatistics` and the paper's Figure 3 (`statisticsFigure`,
 * `statisticsMarkdown`, `writeStatistics`), `rasterizeSvg` for any of the SVG figures, and
 * `renderOverlay`, a sample's image with its edited regions coloured by generator.
 * @packageDocumentation
 */
export { describeDataset, type DescribeDatasetParams, type DatasetDescription, type SplitDescription } from './describe-dataset.js';
export {
  datasetStatistics,
  type DatasetStatistics,
  type StatisticsPanel,
  type PanelCoverage,
  type CategoryCounts,
  type AreaRatioCounts,
  type EditCounts,
  type RoundCounts,
  type BaseImageCounts,
} from './dataset-statistics.js';
export { AREA_RATIO_EDGES } from './area-ratio-bins.js';
export { statisticsFigure } from './statistics-figure.js';
export { statisticsMarkdown } from './statistics-markdown.js';
export { writeStatistics, type WrittenStatistics } from './write-statistics.js';
export { rasterizeSvg, type RasterizedSvg } from '../charts/rasterize-svg.js';
export { renderOverlay } from '../visualize/render-overlay.js';
