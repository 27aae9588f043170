export * from './labels.js';
export * from './record.js';
export * from './decoded.js';
export * from '../validate/validate-record.js';
