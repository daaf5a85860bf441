export { licenseRefFor, type NormalizedLicense, normalizeLicense } from './normalize.js';
