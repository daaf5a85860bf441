import type { Logger } from '@custody/core';
import type { Component, LicenseDefinition, Relationship } from '../model/index.js';
import type { Location, Resolver } from '../resolver/index.js';

/**
 * Tags a cataloger carries, for selecting catalogers the way syft's `--select-catalogers` does:
 * the ecosystem, what kind of evidence it reads (`declared` lockfiles, `installed` packages), and
 * the sources it suits (`directory`, `image`).
 */
export type CatalogerTag =
  | 'javascript'
  | 'npm'
  | 'pnpm'
  | 'yarn'
  | 'bun'
  | 'declared'
  | 'installed'
  | 'directory'
  | 'image';

/** What a parser needs beyond the file's text. */
export interface CatalogEnvironment {
  /** To read sibling files (package.json beside a lockfile, installed packages). */
  resolver: Resolver;
  /**
   * Id of the component that stands for the project owning the manifest (the lockfile's root
   * importer). The caller creates that component; parsers only point edges at it.
   */
  projectId: string;
  logger?: Logger;
}

/** What a parser found in one manifest. */
export interface ParsedPackages {
  components: Component[];
  relationships: Relationship[];
  licenseDefinitions: LicenseDefinition[];
  warnings: string[];
}

/** A parser: a plain function of the file's text, where it is, and the environment. */
export type ManifestParser = (
  contents: string,
  location: Location,
  env: CatalogEnvironment,
) => ParsedPackages | Promise<ParsedPackages>;

/** A cataloger: a name, the globs of the files it reads, and the parser bound to them. */
export interface Cataloger {
  name: string;
  /** Picomatch globs matched against resolver paths (`**\/package-lock.json`). */
  globs: string[];
  tags: CatalogerTag[];
  parse: ManifestParser;
}
