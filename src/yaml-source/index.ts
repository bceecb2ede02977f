export * from './yaml-source.js';
