export * from './labels.js';
export * from './record.js';
