// The CycloneDX library behind one static namespace import, for the writer to load on first use
// (`await import('./library.js')`). A dynamic import of the CommonJS library itself would hand a
// bundler's output (the custody CLI is bundled) only its `default` export; a static namespace
// import keeps the named exports in Node and in a bundle alike.
import * as CDX from '@cyclonedx/cyclonedx-library';

export { CDX };

/** The library's namespace, as the writer's helpers receive it. */
export type Library = typeof CDX;
