import { OciError } from '../errors.js';
import type { Platform } from './types.js';

/** Parses `os/arch[/variant]` as `--platform` takes it (docker and skopeo spell it so). */
export function parsePlatform(input: string): Platform {
  const parts = input.split('/');
  const [os, architecture, variant] = parts;
  if (parts.length < 2 || parts.length > 3 || !os || !architecture || (parts.length === 3 && !variant)) {
    throw new OciError('INVALID_PLATFORM', `invalid platform "${input}"`, {
      input,
      hint: 'write OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm/v7',
    });
  }
  return variant !== undefined ? { os, architecture, variant } : { os, architecture };
}

/** `os/arch[/variant]`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant]
    .filter((p) => p !== undefined && p !== '')
    .join('/');
}

/** arm64's default variant is v8: `linux/arm64` and `linux/arm64/v8` are one platform (containerd platforms). */
function normalizedVariant(platform: Platform): string | undefined {
  if (platform.architecture === 'arm64' && (platform.variant === undefined || platform.variant === ''))
    return 'v8';
  return platform.variant === '' ? undefined : platform.variant;
}

/** True when `have` satisfies `want`: same OS and architecture, and the variant when `want` names one. */
export function platformMatches(want: Platform, have: Platform | undefined): boolean {
  if (have === undefined) return false;
  if (want.os !== have.os || want.architecture !== have.architecture) return false;
  const wanted = want.variant === undefined ? undefined : normalizedVariant(want);
  return wanted === undefined || wanted === normalizedVariant(have);
}

/** The platform of the machine custody runs on, in OCI spelling (GOARCH names). */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = {
    x64: 'amd64',
    ia32: '386',
    arm64: 'arm64',
    arm: 'arm',
    s390x: 's390x',
    ppc64: 'ppc64le',
  };
  return {
    os: process.platform === 'win32' ? 'windows' : process.platform,
    architecture: arch[process.arch] ?? process.arch,
  };
}
