import { CustodyError, type CustodyErrorDetails, type ErrorKind } from '@custody/core';

/** Codes raised by `@custody/oci`. */
export type OciErrorCode =
  | 'INVALID_REFERENCE'
  | 'INVALID_TRANSPORT'
  | 'INVALID_PLATFORM'
  | 'INVALID_OPTION'
  | 'INVALID_MANIFEST'
  | 'INVALID_LAYOUT'
  | 'INVALID_ARCHIVE'
  | 'UNKNOWN_MEDIA_TYPE'
  | 'MANIFEST_TOO_LARGE'
  | 'PLATFORM_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'AMBIGUOUS_IMAGE'
  | 'BLOB_NOT_FOUND'
  | 'DIGEST_NOT_PRESERVED'
  | 'UNSUPPORTED'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'NOT_FOUND'
  | 'REGISTRY_ERROR'
  | 'REGISTRY_UNAVAILABLE'
  | 'CONNECTION_FAILED'
  | 'TLS_UNTRUSTED'
  | 'TIMEOUT'
  | 'CREDENTIALS_ERROR'
  | 'DECOMPRESSION_FAILED';

/** The exit-status kind of each code: usage/input errors exit 2, network/internal exit 3. */
const KIND: Record<OciErrorCode, ErrorKind> = {
  INVALID_REFERENCE: 'usage',
  INVALID_TRANSPORT: 'usage',
  INVALID_PLATFORM: 'usage',
  INVALID_OPTION: 'usage',
  INVALID_MANIFEST: 'input',
  INVALID_LAYOUT: 'input',
  INVALID_ARCHIVE: 'input',
  UNKNOWN_MEDIA_TYPE: 'input',
  MANIFEST_TOO_LARGE: 'input',
  PLATFORM_NOT_FOUND: 'input',
  IMAGE_NOT_FOUND: 'input',
  AMBIGUOUS_IMAGE: 'input',
  BLOB_NOT_FOUND: 'input',
  DIGEST_NOT_PRESERVED: 'input',
  UNSUPPORTED: 'input',
  UNAUTHORIZED: 'input',
  DENIED: 'input',
  NOT_FOUND: 'input',
  REGISTRY_ERROR: 'input',
  REGISTRY_UNAVAILABLE: 'network',
  CONNECTION_FAILED: 'network',
  TLS_UNTRUSTED: 'network',
  TIMEOUT: 'network',
  CREDENTIALS_ERROR: 'input',
  DECOMPRESSION_FAILED: 'input',
};

/** An error raised by `@custody/oci`; its code decides its kind and so the CLI exit status. */
export class OciError extends CustodyError<OciErrorCode> {
  override readonly name = 'OciError';
  /** HTTP status of the registry answer behind this error, when there was one. */
  readonly status?: number;

  constructor(code: OciErrorCode, message: string, details: CustodyErrorDetails & { status?: number } = {}) {
    super(code, KIND[code], message, details);
    if (details.status !== undefined) this.status = details.status;
  }
}
