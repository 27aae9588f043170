export { renderOverlay } from './render-overlay.js';
