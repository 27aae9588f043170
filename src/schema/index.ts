export * from './labels.js';
export * from './record.js';
export * from './decoded.js';
