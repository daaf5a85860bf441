import { PatchError } from '../errors.js';
import type { ReleaseFile } from './release-file.js';

export interface FreshnessOptions {
  /** The clock (injectable so tests and reproducible runs fix it). */
  now: Date;
  /** The newest `Date` seen before for this repository (from the cache), if any. */
  lastDate?: Date;
  input: string;
  /** Seconds a Date may lie ahead of `now` (clock skew); apt's `Acquire::Max-FutureTime`, 10 by default. */
  maxFutureSeconds?: number;
}

/**
 * apt 2.6 accepts a Release dated up to 10 s ahead and refuses one 12 s ahead ("is not valid yet
 * (invalid for another 1s)"), as apt-get update on a repository of the tests showed.
 */
export const APT_MAX_FUTURE_SECONDS = 10;

/**
 * apt's freshness rules for a verified Release: `Date` not in the future (apt's "not valid yet"),
 * `Valid-Until` not in the past ("is expired"), and no `Date` older than one already seen for the
 * same repository (a replayed Release would hide newer security fixes). Pure.
 */
export function checkReleaseFreshness(release: ReleaseFile, options: FreshnessOptions): void {
  const { now, lastDate, input } = options;
  const date = release.date;
  if (date === undefined) {
    throw new PatchError('RELEASE_INVALID', 'input', `${input} has no Date field`, {
      input,
      hint: 'without a Date the Release cannot be checked for freshness or replay',
    });
  }
  const tolerance = (options.maxFutureSeconds ?? APT_MAX_FUTURE_SECONDS) * 1000;
  if (date.getTime() > now.getTime() + tolerance) {
    throw new PatchError(
      'RELEASE_DATE_IN_FUTURE',
      'input',
      `${input} is not valid yet: its Date ${date.toISOString()} is after now (${now.toISOString()}) by more than ${tolerance / 1000} s`,
      { input, found: date.toISOString(), hint: 'check the clock of this machine or of the repository' },
    );
  }
  const validUntil = release.validUntil;
  if (validUntil !== undefined && validUntil.getTime() < now.getTime()) {
    throw new PatchError(
      'RELEASE_EXPIRED',
      'input',
      `${input} expired: Valid-Until ${validUntil.toISOString()} is before now (${now.toISOString()})`,
      {
        input,
        found: validUntil.toISOString(),
        hint: 'the mirror is stale or serves an old Release; use a current mirror',
      },
    );
  }
  if (lastDate !== undefined && date.getTime() < lastDate.getTime()) {
    throw new PatchError(
      'RELEASE_REPLAYED',
      'input',
      `${input} is older (Date ${date.toISOString()}) than one seen before (${lastDate.toISOString()}): refusing a replayed Release`,
      { input, found: date.toISOString(), expected: `Date >= ${lastDate.toISOString()}` },
    );
  }
}
