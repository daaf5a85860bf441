import type { Location } from '../../resolver/index.js';
import type { CatalogEnvironment, ParsedPackages } from '../cataloger.js';
import { unsupportedVersion } from '../syntax.js';

/** Parses node_modules. */
export async function parseNodeModules(
  _contents: string,
  location: Location,
  env: CatalogEnvironment,
): Promise<ParsedPackages> {
  throw unsupportedVersion(env.resolver.displayPath(location.path), 'any', 'nothing yet');
}
