/**
 * @custody/patch: Debian repositories, verified, and upgrade plans for unpacked root filesystems.
 */
export * from './deb/index.js';
export { PatchError, type PatchErrorCode } from './errors.js';
export * from './fetch/index.js';
export * from './index-model/index.js';
export * from './plan/index.js';
export * from './release/index.js';
export * from './report/index.js';
export * from './resolve/index.js';
export * from './rootfs/index.js';
export * from './sources/index.js';
