/**
 * @custody/oci: container images without a Docker engine. One image model (`Image`,
 * `ImageIndex`, `Layer`), read and written by sibling transports: registries (`docker://`), OCI
 * layouts (`oci:`), oci-archives and docker-archives; every byte verified as it streams.
 */
export {
  type DockerArchiveWriteOptions,
  dockerArchiveImage,
  writeDockerArchive,
} from './archive/docker-archive.js';
export { ociArchiveImage, ociArchiveTarget } from './archive/oci-archive.js';
export { decompressor, sniffCompression } from './compression/decompress.js';
export {
  type BlobAction,
  type CopyEvent,
  type CopyOptions,
  type CopyResult,
  copyToTarget,
  selectPlatformImage,
} from './copy/copy.js';
export { type CopyImageOptions, copyImage, openImage, openTarget } from './copy/image-copy.js';
export { descriptorOf, type ImageReport, type IndexReport, inspect, rawManifestOf } from './copy/inspect.js';
export { copyReferrers, type ReferrersCopyOptions } from './copy/referrers.js';
export type { ImageTarget, MountHint } from './copy/target.js';
export { OciError, type OciErrorCode } from './errors.js';
export { blobPath, layoutImage, layoutSource, readLayoutIndex, selectLayoutEntry } from './layout/layout.js';
export { layoutTarget } from './layout/write.js';
export {
  type Compression,
  compressionOfMediaType,
  isForeignLayer,
  isImageMediaType,
  isIndexMediaType,
  MANIFEST_MEDIA_TYPES,
  MediaType,
} from './media-types.js';
export type { Image, ImageIndex, ImageOrIndex, Layer } from './model/image.js';
export { formatPlatform, hostPlatform, parsePlatform, platformMatches } from './model/platform.js';
export {
  type ConfigFile,
  type Descriptor,
  type History,
  type IndexManifest,
  type Manifest,
  type Platform,
  REF_NAME_ANNOTATION,
} from './model/types.js';
export { imageFromSource, indexFromSource, resolveDescriptor } from './partial/image.js';
export { descriptorOfManifest, verifyManifestBytes } from './partial/manifest.js';
export type { BlobSource } from './partial/source.js';
export {
  DEFAULT_REGISTRY,
  formatReference,
  manifestIdentifier,
  parseReference,
  type Reference,
  repositoryName,
} from './reference/reference.js';
export { formatImageLocation, type ImageLocation, parseImageLocation } from './reference/transport.js';
export { type Challenge, parseChallenges } from './remote/challenge.js';
export { isLoopback, RegistryClient } from './remote/client.js';
export {
  type Credentials,
  credentialKey,
  dockerConfigDir,
  lookupCredentials,
  storeCredentials,
} from './remote/credentials.js';
export { login } from './remote/login.js';
export { REMOTE_DEFAULTS, type RemoteOptions } from './remote/options.js';
export { listTags, remoteImage, remoteSource } from './remote/read.js';
export { type FetchedManifest, Registry, referrersTag } from './remote/registry.js';
export { remoteTarget } from './remote/write.js';
export { type ValidationReport, validateImage } from './validate/validate.js';
