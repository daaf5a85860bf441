import {
  formatRelation,
  formatRelationGroup,
  type Relation,
  type RelationField,
  type RelationGroup,
} from '../index-model/index.js';
import { providerSatisfies, type RelationKind, realSatisfies } from './match.js';
import type { CandidatePolicy } from './policy.js';
import type { PackageUniverse, VersionEntry } from './universe.js';

/** One package to bring to its candidate, and why (vulnerability ids, "dependency of X"). */
export interface UpgradeRequest {
  key: string;
  reasons: string[];
}

/** One package whose version changes (or that is newly installed) in the plan. */
export interface PlannedChange {
  entry: VersionEntry;
  /** The installed version it replaces; absent for a new package. */
  from?: VersionEntry;
  reasons: string[];
}

/** A requested upgrade left out because it cannot be satisfied (apt's "kept back"). */
export interface KeptBack {
  key: string;
  candidate: VersionEntry;
  reason: UnsatisfiableError;
}

interface Snapshot {
  final: Map<string, VersionEntry>;
  providers: Map<string, Set<string>>;
  changes: Map<string, PlannedChange>;
}

/** Why a plan cannot be satisfied: which package, which field, which relation. */
export class UnsatisfiableError extends Error {
  override readonly name = 'UnsatisfiableError';
  constructor(
    readonly packageName: string,
    readonly version: string,
    readonly field: RelationField | 'Multi-Arch' | 'Status',
    readonly relation: string,
    message: string,
  ) {
    super(message);
  }
}

const POSITIVE_FIELDS = ['Pre-Depends', 'Depends'] as const;
const NEGATIVE_FIELDS = ['Conflicts', 'Breaks'] as const;

/**
 * apt's upgrade marking (pkgDepCache::MarkInstall) without removals: each requested package goes
 * to its candidate; an unmet Depends/Pre-Depends installs or upgrades the first alternative whose
 * candidate satisfies it (an installed alternative first); a Breaks/Conflicts is solved by
 * upgrading the package it hits to a candidate it does not hit. What apt would solve by removing a
 * package is reported as unsatisfiable: patching never removes software.
 */
export class UpgradeResolver {
  private readonly final = new Map<string, VersionEntry>();
  private readonly finalProviders = new Map<string, Set<string>>();
  private readonly changes = new Map<string, PlannedChange>();

  constructor(
    private readonly universe: PackageUniverse,
    private readonly policy: CandidatePolicy,
    private readonly held: ReadonlySet<string> = new Set(),
  ) {
    for (const entry of universe.installed()) this.place(entry);
  }

  /** Requests left at their installed version because their upgrade cannot be satisfied (keepBack). */
  readonly keptBack: KeptBack[] = [];

  /**
   * Marks every request, then repairs what the new versions broke; throws UnsatisfiableError. With
   * `keepBack` (apt-get dist-upgrade), a request whose upgrade cannot be satisfied is undone and
   * listed in `keptBack` instead, as apt keeps such a package back.
   */
  resolve(requests: readonly UpgradeRequest[], options: { keepBack?: boolean } = {}): PlannedChange[] {
    for (const request of requests) {
      const candidate = this.policy.candidate(request.key);
      if (candidate === undefined || candidate === this.universe.installedOf(request.key)) continue;
      const saved = options.keepBack === true ? this.snapshot() : undefined;
      try {
        for (const reason of request.reasons) this.markInstall(candidate, reason);
        if (saved !== undefined) this.repairReverseDependencies();
      } catch (error) {
        if (saved === undefined || !(error instanceof UnsatisfiableError)) throw error;
        this.restore(saved);
        this.keptBack.push({ key: request.key, candidate, reason: error });
      }
    }
    this.repairReverseDependencies();
    return [...this.changes.values()].sort((a, b) =>
      a.entry.key < b.entry.key ? -1 : a.entry.key > b.entry.key ? 1 : 0,
    );
  }

  private snapshot(): Snapshot {
    return {
      final: new Map(this.final),
      providers: new Map([...this.finalProviders].map(([name, keys]) => [name, new Set(keys)])),
      changes: new Map(
        [...this.changes].map(([key, change]) => [key, { ...change, reasons: [...change.reasons] }]),
      ),
    };
  }

  private restore(saved: Snapshot): void {
    for (const [target, source] of [
      [this.final, saved.final],
      [this.finalProviders, saved.providers],
      [this.changes, saved.changes],
    ] as [Map<string, unknown>, Map<string, unknown>][]) {
      target.clear();
      for (const [key, value] of source) target.set(key, value);
    }
  }

  private place(entry: VersionEntry): void {
    const previous = this.final.get(entry.key);
    if (previous !== undefined) {
      for (const group of previous.version.relations('Provides')) {
        for (const provided of group) this.finalProviders.get(provided.name)?.delete(entry.key);
      }
    }
    this.final.set(entry.key, entry);
    for (const group of entry.version.relations('Provides')) {
      for (const provided of group) {
        let keys = this.finalProviders.get(provided.name);
        if (keys === undefined) {
          keys = new Set();
          this.finalProviders.set(provided.name, keys);
        }
        keys.add(entry.key);
      }
    }
  }

  private markInstall(entry: VersionEntry, reason: string): void {
    const existing = this.changes.get(entry.key);
    if (this.final.get(entry.key) === entry) {
      if (existing !== undefined && !existing.reasons.includes(reason)) existing.reasons.push(reason);
      return;
    }
    const installed = this.universe.installedOf(entry.key);
    if (this.held.has(entry.key)) {
      throw new UnsatisfiableError(
        entry.version.name,
        entry.version.version,
        'Status',
        'hold',
        `${entry.key} is held (dpkg selection "hold") but ${reason} needs version ${entry.version.version}`,
      );
    }
    this.place(entry);
    this.changes.set(entry.key, {
      entry,
      ...(installed !== undefined ? { from: installed } : {}),
      reasons: [reason],
    });
    this.keepMultiArchSameInStep(entry);
    for (const field of POSITIVE_FIELDS) {
      for (const group of entry.version.relations(field)) this.satisfy(entry, field, group);
    }
    this.solveNegative(entry);
  }

  /** `Multi-Arch: same` instances of one package must share one version (dpkg refuses otherwise). */
  private keepMultiArchSameInStep(entry: VersionEntry): void {
    if (entry.version.multiArch !== 'same') return;
    for (const key of this.universe.keysOf(entry.version.name)) {
      const sibling = this.final.get(key);
      if (key === entry.key || sibling === undefined) continue;
      if (sibling.version.version === entry.version.version) continue;
      const candidate = this.policy.candidate(key);
      if (candidate === undefined || candidate.version.version !== entry.version.version) {
        throw new UnsatisfiableError(
          entry.version.name,
          entry.version.version,
          'Multi-Arch',
          `${key} (= ${entry.version.version})`,
          `${entry.key} ${entry.version.version} is Multi-Arch: same and needs ${key} at the same version, but its candidate is ${candidate?.version.version ?? 'none'}`,
        );
      }
      this.markInstall(candidate, `same version as ${entry.key} (Multi-Arch: same)`);
    }
  }

  private satisfied(relation: Relation, kind: RelationKind, from: VersionEntry): boolean {
    return this.finalMatches(relation, kind, from).length > 0;
  }

  /** Versions in the final state that `relation` of `from` matches (themselves excluded). */
  private finalMatches(relation: Relation, kind: RelationKind, from: VersionEntry): VersionEntry[] {
    const native = this.universe.nativeArch;
    const matches: VersionEntry[] = [];
    for (const arch of this.universe.architectures) {
      const target = this.final.get(`${relation.name}:${arch}`);
      if (target === undefined || target === from) continue;
      if (kind === 'negative' && target.version.name === from.version.name) continue;
      if (realSatisfies(relation, kind, from.arch, target, native)) matches.push(target);
    }
    for (const key of this.finalProviders.get(relation.name) ?? []) {
      const provider = this.final.get(key);
      if (provider === undefined || provider === from || matches.includes(provider)) continue;
      if (kind === 'negative' && provider.version.name === from.version.name) continue;
      if (providerSatisfies(relation, kind, from.arch, provider, native)) matches.push(provider);
    }
    return matches;
  }

  private satisfy(entry: VersionEntry, field: RelationField, group: RelationGroup): void {
    if (group.some((relation) => this.satisfied(relation, 'positive', entry))) return;
    const chosen = this.choose(entry, group);
    if (chosen === undefined) {
      throw new UnsatisfiableError(
        entry.version.name,
        entry.version.version,
        field,
        formatRelationGroup(group),
        `${entry.version.name} ${entry.version.version} (${entry.version.architecture}) ${field}: ${formatRelationGroup(group)}, which no candidate version satisfies`,
      );
    }
    this.markInstall(chosen, `dependency of ${entry.version.name}`);
  }

  /**
   * The version that satisfies `group` for `from`: an alternative already installed whose candidate
   * satisfies it first, else the first alternative in order whose candidate does (a real package
   * before one that only provides the name; among providers an installed one, then the native
   * architecture).
   */
  private choose(from: VersionEntry, group: RelationGroup): VersionEntry | undefined {
    const options = group.map((relation) => this.candidatesFor(relation, from));
    for (const candidates of options) {
      const upgrade = candidates.find((c) => this.final.has(c.key));
      if (upgrade !== undefined) return upgrade;
    }
    for (const candidates of options) if (candidates[0] !== undefined) return candidates[0];
    return undefined;
  }

  private candidatesFor(relation: Relation, from: VersionEntry): VersionEntry[] {
    const native = this.universe.nativeArch;
    const real: VersionEntry[] = [];
    for (const key of this.universe.keysOf(relation.name)) {
      const candidate = this.policy.candidate(key);
      if (candidate !== undefined && realSatisfies(relation, 'positive', from.arch, candidate, native)) {
        real.push(candidate);
      }
    }
    if (real.length > 0) return real;
    const providers = this.universe
      .providersOf(relation.name)
      .filter((p) => this.policy.candidate(p.key) === p)
      .filter((p) => providerSatisfies(relation, 'positive', from.arch, p, native));
    const rank = (p: VersionEntry) => (this.final.has(p.key) ? 0 : 2) + (p.arch === native ? 0 : 1);
    return providers.sort((a, b) => rank(a) - rank(b));
  }

  /** Breaks/Conflicts between `entry` and the final state, both directions. */
  private solveNegative(entry: VersionEntry): void {
    for (const field of NEGATIVE_FIELDS) {
      for (const group of entry.version.relations(field)) {
        for (const relation of group) {
          for (const hit of this.finalMatches(relation, 'negative', entry)) {
            this.upgradeAway(hit, entry, field, relation, `${field} of ${entry.version.name}`);
          }
        }
      }
    }
    for (const other of [...this.final.values()]) {
      if (other === entry || other.version.name === entry.version.name) continue;
      for (const field of NEGATIVE_FIELDS) {
        for (const group of other.version.relations(field)) {
          for (const relation of group) {
            if (this.final.get(other.key) !== other) continue;
            if (this.finalMatches(relation, 'negative', other).includes(entry)) {
              this.upgradeAway(other, entry, field, relation, `${field} against ${entry.version.name}`);
            }
          }
        }
      }
    }
  }

  /** Moves `victim` to its candidate so that `relation` no longer hits; throws when it cannot. */
  private upgradeAway(
    victim: VersionEntry,
    cause: VersionEntry,
    field: RelationField,
    relation: Relation,
    reason: string,
  ): void {
    if (this.final.get(victim.key) !== victim) return;
    const candidate = this.policy.candidate(victim.key);
    if (candidate !== undefined && candidate !== victim) {
      this.markInstall(candidate, reason);
      if (this.stillConflicts(cause, candidate)) this.conflictError(cause, candidate, field, relation);
      return;
    }
    this.conflictError(cause, victim, field, relation);
  }

  private stillConflicts(a: VersionEntry, b: VersionEntry): boolean {
    if (this.final.get(a.key) !== a || this.final.get(b.key) !== b) return false;
    const hits = (x: VersionEntry, y: VersionEntry) =>
      NEGATIVE_FIELDS.some((field) =>
        x.version
          .relations(field)
          .some((group) => group.some((r) => this.finalMatches(r, 'negative', x).includes(y))),
      );
    return hits(a, b) || hits(b, a);
  }

  private conflictError(a: VersionEntry, b: VersionEntry, field: RelationField, relation: Relation): never {
    throw new UnsatisfiableError(
      a.version.name,
      a.version.version,
      field,
      formatRelation(relation),
      `${a.version.name} ${a.version.version} and ${b.version.name} ${b.version.version} cannot be installed together (${field}: ${formatRelation(relation)}) and no candidate of either avoids it${b.version.essential || a.version.essential ? ' (an Essential package cannot be removed)' : ''}`,
    );
  }

  /**
   * Installed packages whose dependencies a new version no longer satisfies (`Depends: libx (= 1)`
   * while libx moves to 2) go to their candidate too, until nothing changes.
   */
  private repairReverseDependencies(): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const entry of [...this.final.values()]) {
        if (this.final.get(entry.key) !== entry) continue;
        for (const field of POSITIVE_FIELDS) {
          for (const group of entry.version.relations(field)) {
            if (group.some((relation) => this.satisfied(relation, 'positive', entry))) continue;
            const candidate = this.policy.candidate(entry.key);
            if (!this.changes.has(entry.key) && candidate !== undefined && candidate !== entry) {
              const culprits = group.map((r) => r.name).filter((name) => this.changedName(name));
              this.markInstall(
                candidate,
                `co-upgrade with ${culprits.join(', ') || formatRelationGroup(group)}`,
              );
            } else {
              this.satisfy(entry, field, group);
            }
            changed = true;
            break;
          }
          if (changed) break;
        }
        if (changed) break;
      }
    }
  }

  private changedName(name: string): boolean {
    for (const change of this.changes.values()) if (change.entry.version.name === name) return true;
    return false;
  }
}
