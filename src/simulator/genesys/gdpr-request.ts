// The GDPR API's request and subject shapes (store and request relations both read them).

export const requestTypes = ['GDPR_EXPORT', 'GDPR_UPDATE', 'GDPR_DELETE'] as const;
export type RequestType = (typeof requestTypes)[number];
export const replacementTypes = [
  'NAME',
  'ADDRESS',
  'PHONE',
  'EMAIL',
  'TWITTER',
  'INSTAGRAM',
  'FACEBOOK',
  'APPLE_MESSAGES',
  'EXTERNAL_ID',
] as const;

/** The GDPRSubject shape (request body and subject search result alike). */
export interface GdprSubject {
  name?: string;
  userId?: string;
  externalContactId?: string;
  externalId?: string;
  addresses?: string[];
  phoneNumbers?: string[];
  emailAddresses?: string[];
}

export interface ReplacementTerm {
  readonly type: (typeof replacementTypes)[number];
  readonly existingValue: string;
  readonly updatedValue: string;
}

export interface GdprRequest {
  readonly id: string;
  readonly requestType: RequestType;
  readonly subject: GdprSubject;
  readonly replacementTerms: readonly ReplacementTerm[];
  readonly name?: string;
  readonly createdAt: number;
  readonly createdBy: string;
  /** Set when the request finished: COMPLETED, or ERROR when open interactions were left untouched. */
  outcome?: 'COMPLETED' | 'ERROR';
  /** How many matching interactions were still open when it ran (a partial completion). */
  skippedOpen?: number;
}
