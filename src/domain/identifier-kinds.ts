/**
 * The identifiers any platform may know a person by. Each platform adds its own ids (a LivePerson
 * consumer id, a Genesys external contact id) in its own folder; src/domain/identifiers.ts puts them
 * together.
 */
export const generalIdentifierKinds = ['email', 'phone', 'name', 'address', 'customerId'] as const;
export type GeneralIdentifierKind = (typeof generalIdentifierKinds)[number];
