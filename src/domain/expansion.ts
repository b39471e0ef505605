/**
 * Identity expansion under a policy (issue 15). Lethe widens a subject's identity from what the
 * platforms hold, and that is also how an erasure can reach another person: a household's shared
 * phone, a relative's email typed into a chat. Every identifier says how it was found (`via`, `link`);
 * every record says which identifiers led to it (`leads`). A record reached only through derived
 * identifiers is a derived match, and the policy says whether it is erased at once or waits for an
 * operator. Pure: no Temporal, no I/O; values never leave this module, only kinds and platforms.
 */
import {
  type IdentifierKind,
  identifierKey,
  isGivenIdentifier,
  type LinkKind,
  type ResolvedIdentifier,
} from './identifiers';
import { type PlatformId, platformIds } from './platforms';

/**
 * The expansion policy of a deployment or a request. Unset, each link decides: `own` links are
 * followed and erased, `shared` and `free-text` ones wait for an operator.
 * - `auto`: every derived match is erased (Lethe's behaviour before the policy);
 * - `confirm`: every derived match waits for an operator to confirm or exclude it;
 * - `off`: derived identifiers are not searched; a platform's own id for a requested identifier (the
 *   LivePerson consumer whose details hold the requested email) is still used on that platform.
 */
export const expandPolicies = ['auto', 'confirm', 'off'] as const;
export type ExpandPolicy = (typeof expandPolicies)[number];

/** How a record or an identifier is tied to the requester. */
export type Reach =
  /** Given by the request or an operator's update, or found through one of those alone. */
  | 'requested'
  /** Derived, and the policy erases it. */
  | 'auto'
  /** Derived, and the policy makes it wait for an operator. */
  | 'confirm'
  /** Derived, and the policy does not use it (`off`). */
  | 'unused';

/** One step of a chain, root first: an identifier's kind, and where and how it was found. No value. */
export interface ChainStep {
  readonly kind: IdentifierKind;
  /** `request`, `operator`, or the platform it was found on. */
  readonly source: 'request' | 'operator' | PlatformId;
  /** How it was tied to the step before (absent for the root). */
  readonly link?: LinkKind;
  /** A platform holds this identifier for more than one person. */
  readonly shared?: true;
}

const isGiven = isGivenIdentifier;

/** Where an identifier came from, as a chain step's source. */
function sourceOf(id: ResolvedIdentifier): ChainStep['source'] {
  if (id.provenance === 'request') return 'request';
  if (id.provenance.startsWith('update:')) return 'operator';
  const platform = id.provenance.split(':')[0];
  return platformIds.find((p) => p === platform) ?? 'operator';
}

/**
 * The identifiers by key, for following `via`, and the keys of those a platform holds for more than
 * one person (a search for them found others `shared`): a household's phone, given or found.
 */
export interface IdentifierIndex {
  readonly byKey: ReadonlyMap<string, ResolvedIdentifier>;
  readonly shared: ReadonlySet<string>;
}
export const indexIdentifiers = (ids: readonly ResolvedIdentifier[]): IdentifierIndex => ({
  byKey: new Map(ids.map((id) => [identifierKey(id), id])),
  shared: new Set(
    ids.filter((id) => id.link === 'shared' && id.via !== undefined).map((id) => id.via as string),
  ),
});

/**
 * The chain that led to an identifier, root first. A derived identifier recorded before links were
 * kept (no `via`) is its own root, found on its platform. A `via` that loops or names an unknown
 * identifier ends the chain there.
 */
export function chainOf(id: ResolvedIdentifier, index: IdentifierIndex): ChainStep[] {
  const steps: ChainStep[] = [];
  const seen = new Set<string>();
  let current: ResolvedIdentifier | undefined = id;
  while (current && !seen.has(identifierKey(current))) {
    seen.add(identifierKey(current));
    steps.unshift({
      kind: current.kind,
      source: sourceOf(current),
      ...(current.link && !isGiven(current) ? { link: current.link } : {}),
      ...(index.shared.has(identifierKey(current)) ? { shared: true as const } : {}),
    });
    current = current.via !== undefined && !isGiven(current) ? index.byKey.get(current.via) : undefined;
  }
  return steps;
}

/** Whether any step of the chain is one the default policy does not follow on its own. */
const weak = (chain: readonly ChainStep[]): boolean =>
  chain.some((s) => s.link === 'shared' || s.link === 'free-text' || s.shared === true);

/** Whether a derived identifier is its platform's own id for a given identifier: one `own` hop. */
function oneOwnHop(chain: readonly ChainStep[]): boolean {
  const [root, hop, ...rest] = chain;
  return (
    rest.length === 0 &&
    (root?.source === 'request' || root?.source === 'operator') &&
    hop?.link === 'own' &&
    hop.source !== 'request' &&
    hop.source !== 'operator'
  );
}

/** How the policy treats one identifier. */
export function reachOfIdentifier(
  id: ResolvedIdentifier,
  index: IdentifierIndex,
  policy: ExpandPolicy | undefined,
): Reach {
  if (isGiven(id)) {
    // A given identifier others share (the household's phone) reaches their records too: what it alone
    // reached waits for an operator, unless the policy erases every match.
    if (!index.shared.has(identifierKey(id))) return 'requested';
    return policy === 'auto' ? 'auto' : 'confirm';
  }
  const chain = chainOf(id, index);
  if (policy === 'off') return oneOwnHop(chain) ? 'auto' : 'unused';
  if (policy === 'auto') return 'auto';
  if (policy === 'confirm') return 'confirm';
  return weak(chain) ? 'confirm' : 'auto';
}

/** Stronger first: a record any given identifier led to is the requester's own. */
const ORDER: readonly Reach[] = ['requested', 'auto', 'confirm', 'unused'];
const stronger = (a: Reach, b: Reach): Reach => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b);

/**
 * How the policy treats a record, from the identifiers that led to it: the strongest of theirs. A
 * record that names no lead (found before leads were kept) is taken as the requester's: that is how
 * it was erased before.
 */
export function reachOfRecord(
  leads: readonly string[] | undefined,
  index: IdentifierIndex,
  policy: ExpandPolicy | undefined,
): Reach {
  if (leads === undefined || leads.length === 0) return 'requested';
  let best: Reach = 'unused';
  for (const key of leads) {
    const id = index.byKey.get(key);
    // A lead no longer known (never the case in practice) counts for nothing.
    if (id) best = stronger(best, reachOfIdentifier(id, index, policy));
  }
  return best;
}

/** The identifiers resolution may search under the policy: given ones and the derived it uses. */
export function searchable(
  ids: readonly ResolvedIdentifier[],
  policy: ExpandPolicy | undefined,
): ResolvedIdentifier[] {
  if (policy !== 'off') return [...ids];
  const index = indexIdentifiers(ids);
  return ids.filter((id) => reachOfIdentifier(id, index, policy) !== 'unused');
}

/** The chain of the strongest lead of a record, for showing an operator how it was reached. */
export function recordChain(
  leads: readonly string[],
  index: IdentifierIndex,
  policy: ExpandPolicy | undefined,
): ChainStep[] {
  const reach = reachOfRecord(leads, index, policy);
  for (const key of leads) {
    const id = index.byKey.get(key);
    if (id && reachOfIdentifier(id, index, policy) === reach) return chainOf(id, index);
  }
  return [];
}

/** A chain in words, kinds and platforms only: `email (request) → LivePerson consumer id (own)`. */
export function describeChain(chain: readonly ChainStep[]): string {
  return chain
    .map((s) => {
      const where = s.source === 'request' ? 'request' : s.source === 'operator' ? 'operator' : s.source;
      const how = [where, ...(s.link ? [s.link] : []), ...(s.shared ? ['held for others too'] : [])];
      return `${s.kind} (${how.join(', ')})`;
    })
    .join(' → ');
}
