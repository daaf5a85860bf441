export {
  DIGEST_HEX_LENGTH,
  type Digest,
  type DigestAlgorithm,
  digestOf,
  digestsFromIntegrity,
  type ExpectedContent,
  hashStream,
  isDigest,
  MultiHasher,
  type ParsedDigest,
  parseDigest,
  VerifyingStream,
} from './digest.js';
