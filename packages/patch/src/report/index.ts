export { fixesByPackage, type PackageFix, type ReportedVulnerability, readTrivyReport } from './trivy.js';
