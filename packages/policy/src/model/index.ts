export * from './policy.js';
export * from './result.js';
