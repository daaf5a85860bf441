/** The repository root. */
export declare const repositoryRoot: string;
/** The folder of reference data (`CUSTODY_REFERENCE_DATA`, or `../shared/fixtures`), whether or not it exists. */
export declare function referenceDataRoot(): string;
