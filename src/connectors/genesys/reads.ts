import { NotFoundError } from '../errors';
import {
  type AnalyticsConversation,
  AnalyticsConversationSchema,
  ExternalContactSchema,
  GdprRequestListingSchema,
  RecordingMetadataSchema,
} from './schemas';
import type { GenesysSession } from './session';

/**
 * The Genesys reads of one record by id (an interaction, its recordings, a contact), and the check that
 * the org's API base answers at all, which a 404 must pass before it may mean "gone".
 */
export class GenesysReads {
  constructor(private readonly session: GenesysSession) {}

  /** A batch of reads whose 404s may mean "gone", once the base is seen to answer (`GoneReads`). */
  batch(): GoneReads {
    return new GoneReads(() => this.baseAnswers());
  }

  /** One interaction's details (`conversationEnd` absent while it goes on). */
  conversation(id: string): Promise<AnalyticsConversation> {
    return this.session.call({
      operation: 'getConversationDetails',
      method: 'GET',
      url: this.session.url(`/api/v2/analytics/conversations/${encodeURIComponent(id)}/details`),
      schema: AnalyticsConversationSchema,
      idempotent: true,
    });
  }

  /** The recordings of one interaction. */
  recordings(conversationId: string) {
    return this.session.call({
      operation: 'getRecordingMetadata',
      method: 'GET',
      url: this.session.url(`/api/v2/conversations/${encodeURIComponent(conversationId)}/recordingmetadata`),
      schema: RecordingMetadataSchema,
      idempotent: true,
    });
  }

  /** One external contact. */
  contact(id: string) {
    return this.session.call({
      operation: 'getExternalContact',
      method: 'GET',
      url: this.session.url(`/api/v2/externalcontacts/contacts/${encodeURIComponent(id)}`),
      schema: ExternalContactSchema,
      idempotent: true,
    });
  }

  /**
   * A contact by id, or undefined when Genesys has none: a 404 counts as "none" only once the API base
   * is seen to answer (a wrong base URL, region or path 404s everything: NotFoundError, attention).
   */
  async contactIfAny(id: string) {
    const reads = this.batch();
    const contact = await reads.gone(() => this.contact(id));
    await reads.confirm();
    return contact;
  }

  /**
   * Whether the org's API base answers at all: the GDPR request list (a page of one), which every
   * deployment may read. It throws what the platform says (a 404 here: the base URL is wrong).
   */
  private async baseAnswers(): Promise<void> {
    await this.session.call({
      operation: 'listGdprRequests',
      method: 'GET',
      url: this.session.url('/api/v2/gdpr/requests?pageSize=1&pageNumber=1'),
      schema: GdprRequestListingSchema,
      idempotent: true,
    });
  }
}

/**
 * Reads whose 404 may mean "gone" (records the same read returned at discovery, or a contact looked
 * up by id), provided the API base itself answers: after any 404, `confirm` checks the base once and,
 * if it too answers 404, rethrows the first 404 (the erasure needs attention, naming that call).
 */
export class GoneReads {
  private first404?: NotFoundError;

  constructor(private readonly baseAnswers: () => Promise<void>) {}

  async gone<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      this.first404 ??= err;
      return undefined;
    }
  }

  async confirm(): Promise<void> {
    if (!this.first404) return;
    try {
      await this.baseAnswers();
    } catch (err) {
      if (err instanceof NotFoundError) throw this.first404;
      throw err;
    }
  }
}
