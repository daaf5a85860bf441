import { pipeline, type Readable } from 'node:stream';
import { VerifyingStream } from '@custody/core';
import type { Descriptor } from '../model/types.js';

/**
 * Pipes `raw` through a VerifyingStream for `descriptor` and returns the checked stream: any
 * read error or digest/size mismatch surfaces as an error on it, before its end.
 */
export function verifiedStream(raw: Readable, descriptor: Descriptor, input: string): Readable {
  const verifier = new VerifyingStream({ digest: descriptor.digest, size: descriptor.size, input });
  pipeline(raw, verifier, () => {
    // Errors are delivered to whoever reads `verifier`; nothing else to do here.
  });
  return verifier;
}

/** Pipes a stream through transforms, propagating errors to the last one. */
export function through(source: Readable, ...stages: NodeJS.ReadWriteStream[]): Readable {
  const last = stages.at(-1) as unknown as Readable | undefined;
  if (last === undefined) return source;
  (pipeline as (...args: unknown[]) => void)(source, ...stages, () => {});
  return last;
}
