import type { ResolvedIdentifier } from '../../src/domain/identifiers';

/** An identifier as the caller gave it (provenance `request`). */
export const given = (kind: ResolvedIdentifier['kind'], value: string): ResolvedIdentifier => ({
  kind,
  value,
  provenance: 'request',
});
