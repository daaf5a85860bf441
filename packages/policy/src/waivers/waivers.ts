import type { Waiver } from '../model/policy.js';
import type { AppliedWaiver, RuleResult, WaiverState, WaiverStatus } from '../model/result.js';
import { type PurlMatcher, purlMatcher } from '../purl/glob.js';

const DAY_MS = 86_400_000;

/** The instant a waiver stops applying: the end (UTC) of its `expires` day. */
export function waiverEnd(expires: string): number {
  return Date.parse(`${expires}T00:00:00Z`) + DAY_MS;
}

interface Book {
  waiver: Waiver;
  matches: PurlMatcher;
  end: number;
  matched: number;
}

/**
 * Applies waivers to results and judges each waiver: `active` ones suppress the `fail` and `warn`
 * results of their rule on matching components; `expired` ones suppress nothing and are reported;
 * an active waiver that suppressed nothing is `stale`; one ending within `warnDays` is `expiring`.
 * Results are changed in place (their `waiver` set); the statuses are returned.
 */
export function applyWaivers(
  results: RuleResult[],
  waivers: Waiver[],
  now: Date,
  warnDays: number,
): WaiverStatus[] {
  const books: Book[] = waivers.map((waiver) => ({
    waiver,
    matches: purlMatcher(waiver.match),
    end: waiverEnd(waiver.expires),
    matched: 0,
  }));
  const byRule = new Map<string, Book[]>();
  for (const book of books) {
    const list = byRule.get(book.waiver.rule) ?? [];
    list.push(book);
    byRule.set(book.waiver.rule, list);
  }
  const instant = now.getTime();
  for (const result of results) {
    if (result.outcome === 'pass') continue;
    const candidates = byRule.get(result.ruleId);
    const purl = result.component.purl;
    if (candidates === undefined || purl === undefined) continue;
    for (const book of candidates) {
      if (!book.matches(purl)) continue;
      book.matched++;
      if (book.end > instant && result.waiver === undefined) result.waiver = applied(book.waiver);
    }
  }
  return books.map((book) => status(book, instant, warnDays));
}

function applied(waiver: Waiver): AppliedWaiver {
  const { rule, match, reason, owner, expires } = waiver;
  return { rule, match, reason, owner, expires };
}

function status(book: Book, instant: number, warnDays: number): WaiverStatus {
  const daysLeft = Math.ceil((book.end - instant) / DAY_MS) - 1;
  let state: WaiverState;
  let message: string;
  const { rule, match, expires } = book.waiver;
  if (book.end <= instant) {
    state = 'expired';
    message = `waiver for ${rule} on ${match} expired on ${expires}${book.matched > 0 ? ` and no longer suppresses ${book.matched} result(s)` : ''}`;
  } else if (book.matched === 0) {
    state = 'stale';
    message = `waiver for ${rule} on ${match} matches no failing result: remove it`;
  } else if (daysLeft < warnDays) {
    state = 'expiring';
    message = `waiver for ${rule} on ${match} expires on ${expires} (${daysLeft} day(s) left)`;
  } else {
    state = 'active';
    message = `waiver for ${rule} on ${match} suppresses ${book.matched} result(s) until ${expires}`;
  }
  const result: WaiverStatus = { ...applied(book.waiver), state, matched: book.matched, daysLeft, message };
  if (book.waiver.source !== undefined) result.source = book.waiver.source;
  return result;
}
