import type { Component, Relationship } from '../../model/index.js';

/**
 * SPDX has no component scope: it says "dev" and "optional" on the edges (SPDX 2.3
 * DEV_DEPENDENCY_OF / OPTIONAL_DEPENDENCY_OF, SPDX 3 LifecycleScopedRelationship). A component
 * gets the model's `dev` scope when every path to it from the roots passes a dev edge, and
 * `optional` when every path passes an optional or dev edge with at least one optional only. Others are
 * left as the document left them. Roots are the described elements, else the components nothing
 * points at. Linear in components and edges.
 */
export function deriveScopes(
  components: Component[],
  relationships: Relationship[],
  describes: string[],
): void {
  const edges = relationships.filter((r) => r.type === 'DEPENDS_ON' || r.type === 'CONTAINS');
  if (!edges.some((r) => r.dependencyKind === 'dev' || r.dependencyKind === 'optional')) return;
  const out = new Map<string, Relationship[]>();
  const pointedAt = new Set<string>();
  for (const edge of edges) {
    const list = out.get(edge.from);
    if (list === undefined) out.set(edge.from, [edge]);
    else list.push(edge);
    pointedAt.add(edge.to);
  }
  const roots =
    describes.length > 0 ? describes : components.map((c) => c.id).filter((id) => !pointedAt.has(id));
  const reach = (follow: (edge: Relationship) => boolean): Set<string> => {
    const seen = new Set<string>(roots);
    const queue = [...roots];
    for (let i = 0; i < queue.length; i++) {
      for (const edge of out.get(queue[i] as string) ?? []) {
        if (!follow(edge) || seen.has(edge.to)) continue;
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
    return seen;
  };
  const shipped = reach((e) => e.dependencyKind !== 'dev' && e.dependencyKind !== 'optional');
  const notDev = reach((e) => e.dependencyKind !== 'dev');
  const all = reach(() => true);
  for (const component of components) {
    if (component.scope !== undefined || shipped.has(component.id)) continue;
    if (notDev.has(component.id)) component.scope = 'optional';
    else if (all.has(component.id)) component.scope = 'dev';
  }
}
