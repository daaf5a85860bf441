import type { Digest } from '@custody/core';

/** Where an image runs (image-spec image-index.md "platform"). */
export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
  features?: string[];
}

/** A content descriptor: what a manifest says about a blob or another manifest. */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
  data?: string;
}

/** An OCI image manifest or a Docker schema 2 manifest (same shape). */
export interface Manifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** An OCI image index or a Docker manifest list (same shape). */
export interface IndexManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** One step of an image's history in its config. */
export interface History {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** An image configuration (image-spec config.md); unknown fields are kept by the raw bytes. */
export interface ConfigFile {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: Record<string, unknown>;
  rootfs: { type: string; diff_ids: Digest[] };
  history?: History[];
  [key: string]: unknown;
}

/** The annotation an OCI layout's index.json uses to name a manifest (image-spec annotations.md). */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
