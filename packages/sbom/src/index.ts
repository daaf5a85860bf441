/** @custody/sbom: the SBOM model, its SPDX and CycloneDX writers and readers, and catalogers. */
export * from './license/index.js';
export * from './model/index.js';
/** Assembling a document from a catalog result: metadata, stable order, reproducible identity. */
export * from './document/index.js';
/** SPDX 2.3 JSON writer. */
export { type Spdx2WriteOptions, toSpdx2Document, writeSpdx2Json } from './formats/spdx2/writer.js';
