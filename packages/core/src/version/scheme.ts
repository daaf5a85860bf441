/**
 * A version ordering of one ecosystem. `compare` is a total order over valid versions
 * (negative, zero, positive like `Array.prototype.sort` wants); `isValid` says whether a string
 * is a version of this scheme at all.
 */
export interface VersionScheme {
  /** The ecosystem's name as purl types spell it (`npm`, `deb`, `pypi`, `maven`). */
  readonly name: string;
  isValid(version: string): boolean;
  compare(a: string, b: string): number;
}
