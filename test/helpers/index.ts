export { type CliResult, custodyBin, runCustody } from './cli.js';
export {
  describeWithReference,
  referenceData,
  referenceDataRoot,
  repositoryRoot,
  requireReferenceData,
} from './reference-data.js';
