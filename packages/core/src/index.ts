/**
 * @custody/core: what every custody package shares. Digests, purls, version orders, errors with
 * exit statuses, atomic writes and a TTY-aware logger.
 */
export * from './digest/index.js';
export * from './errors/index.js';
export * from './fs/index.js';
export * from './log/index.js';
export * from './purl/index.js';
export * from './version/index.js';
