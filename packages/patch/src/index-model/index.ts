export { Deb822SyntaxError, forEachStanza, parseStanzas, type Stanza } from './deb822.js';
export { InMemoryIndexData, type PackageIndexData, providedNames } from './index-data.js';
export { INDEX_FIELDS, type MultiArch, PackageVersion, type RelationField } from './package.js';
export {
  formatRelation,
  formatRelationGroup,
  parseRelation,
  parseRelations,
  type Relation,
  type RelationGroup,
  type RelationOperator,
  RelationSyntaxError,
} from './relations.js';
