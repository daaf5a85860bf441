/** @custody/sbom: the SBOM model, its SPDX and CycloneDX writers and readers, and catalogers. */
export * from './license/index.js';
export * from './model/index.js';
