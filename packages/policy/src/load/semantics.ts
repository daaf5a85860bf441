import { npmRangeMatcher, parseVersionRange } from '@custody/core';
import { readListEntry } from '../license/list.js';
import type { Rule, Waiver } from '../model/policy.js';
import type { DocPath } from './positions.js';
import type { PolicyIssue } from './validate.js';

/** A rule or waiver with the file and path it was written at. */
export interface Located<T> {
  value: T;
  file: string;
  path: DocPath;
}

/** An issue in a given file. */
export interface FileIssue extends PolicyIssue {
  file: string;
}

/**
 * Checks what the schema cannot: license ids and categories on the lists, version ranges,
 * duplicate rule ids, and waivers naming rules that do not exist (after `extends` are merged).
 */
export function checkMeaning(rules: Located<Rule>[], waivers: Located<Waiver>[]): FileIssue[] {
  const issues: FileIssue[] = [];
  const seen = new Map<string, Located<Rule>>();
  for (const located of rules) {
    const { value: rule, file, path } = located;
    const earlier = seen.get(rule.id);
    if (earlier !== undefined && earlier.file === file) {
      issues.push({
        file,
        path: [...path, 'id'],
        message: `rule id "${rule.id}" is used twice in this file`,
      });
    }
    seen.set(rule.id, located);
    if (rule.kind === 'license') {
      const key = rule.allow !== undefined ? 'allow' : 'deny';
      (rule[key] ?? []).forEach((entry, i) => {
        const read = readListEntry(entry);
        if (typeof read === 'string') issues.push({ file, path: [...path, key, i], message: read });
      });
    } else if (rule.kind === 'package') {
      rule.deny.forEach((ban, i) => {
        if (ban.versions === undefined) return;
        try {
          if (/^pkg:\/*npm\//i.test(ban.purl)) npmRangeMatcher(ban.versions);
          else parseVersionRange(ban.versions);
        } catch (error) {
          issues.push({ file, path: [...path, 'deny', i, 'versions'], message: (error as Error).message });
        }
      });
    }
  }
  for (const { value: waiver, file, path } of waivers) {
    if (!seen.has(waiver.rule)) {
      issues.push({
        file,
        path: [...path, 'rule'],
        message: `waiver names rule "${waiver.rule}", which no rule has as id`,
      });
    }
  }
  return issues;
}
