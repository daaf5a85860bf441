export { resolveInRootfs } from './paths.js';
export {
  type DpkgStatus,
  type InstalledPackage,
  parseDpkgStatus,
  parseOsRelease,
  type Rootfs,
  readRootfs,
} from './rootfs.js';
