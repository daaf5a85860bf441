/** Media types of the OCI image spec and Docker's image manifest v2 schema 2. */
export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociForeignLayer: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociForeignLayerGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociForeignLayerZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerUncompressed: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

/** Manifest media types a registry is asked for (Accept), index types first. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  MediaType.ociIndex,
  MediaType.dockerManifestList,
  MediaType.ociManifest,
  MediaType.dockerManifest,
];

/** True for an OCI image index or a Docker manifest list. */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}

/** True for an OCI image manifest or a Docker schema 2 manifest. */
export function isImageMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}

/**
 * True for layers that must not be pushed (OCI "non-distributable", Docker "foreign"): a copy
 * passes their descriptors through and never fetches their bytes (image-spec layer.md).
 */
export function isForeignLayer(mediaType: string | undefined): boolean {
  return mediaType?.includes('.nondistributable.') === true || mediaType === MediaType.dockerForeignLayer;
}

/** How a layer's bytes are compressed, as its media type says. */
export type Compression = 'gzip' | 'zstd' | 'none';

/** The compression a layer media type declares; undefined for a type that is not a layer tar. */
export function compressionOfMediaType(mediaType: string): Compression | undefined {
  if (mediaType.endsWith('+gzip') || mediaType.endsWith('.tar.gzip')) return 'gzip';
  if (mediaType.endsWith('+zstd')) return 'zstd';
  if (mediaType.endsWith('.tar') || mediaType === MediaType.dockerLayerUncompressed) return 'none';
  return undefined;
}
