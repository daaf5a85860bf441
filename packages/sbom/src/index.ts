/** @custody/sbom: the SBOM model, its SPDX and CycloneDX writers and readers, and catalogers. */

export * from './catalog/index.js';
/** Assembling a document from a catalog result: metadata, stable order, reproducible identity. */
export * from './document/index.js';
/** Errors raised by @custody/sbom. */
export { SbomError, type SbomErrorCode } from './errors.js';
/** CycloneDX 1.6 JSON writer (loads @cyclonedx/cyclonedx-library on first use). */
export {
  type CycloneDxWriteOptions,
  toCycloneDxBom,
  writeCycloneDxJson,
} from './formats/cyclonedx/writer.js';
/** Recognizing an SBOM's format from its parsed content. */
export { type DetectedFormat, detectFormat, type SbomFormatKind } from './formats/detect.js';
/** The model as JSON with sorted keys (`custody sbom normalize`). */
export { sbomModelJson } from './formats/model-json.js';
/** SPDX 2.3 JSON writer. */
export { type Spdx2WriteOptions, toSpdx2Document, writeSpdx2Json } from './formats/spdx2/writer.js';
export * from './license/index.js';
/** Checking SBOMs against the SPDX and CycloneDX rules their JSON schemas miss (custody sbom lint). */
export {
  LINT_RULES,
  type LintProblem,
  type LintReport,
  type LintRuleId,
  lintSbomDocument,
  lintSbomFile,
} from './lint/index.js';
export * from './model/index.js';
/** Reading SPDX 2.2/2.3, SPDX 3.0 and CycloneDX 1.4–1.6 JSON SBOMs into the model. */
export { parseSbom, type ReadSbomOptions, readSbom, type SbomInput } from './read.js';
