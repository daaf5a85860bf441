/** @custody/sbom: the SBOM model, its SPDX and CycloneDX writers and readers, and catalogers. */
export * from './model/index.js';
