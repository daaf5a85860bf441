export { type CliResult, custodyBin, runCustody } from './cli.js';
export {
  describeWithReference,
  referenceData,
  referenceDataRoot,
  repositoryRoot,
  requireReferenceData,
} from './reference-data.js';
export { cyclonedx16SchemaCheck, SBOM_SCHEMA_PATHS, type SchemaCheck, spdx23SchemaCheck } from './schemas.js';
