import type { z } from 'zod';
import type { ConnectorDeps, PlatformRuntime } from '../platform-deps';
import { ZendeskConnector } from './connector';
import type { ZendeskSchema } from './platform';

export type ZendeskSettings = z.output<typeof ZendeskSchema>;

/** The Zendesk connector of a configuration's `zendesk` block. */
export function zendeskConnector(c: ZendeskSettings, deps: ConnectorDeps): ZendeskConnector {
  const {
    messagingUrl: url,
    messagingAppId: appId,
    messagingKeyId: keyId,
    messagingKeySecret: keySecret,
  } = c;
  return new ZendeskConnector({
    baseUrl: c.baseUrl,
    email: c.email,
    apiToken: c.apiToken,
    tickets: { action: c.ticketAction, keepTagged: c.keepTicketsTagged },
    ratePerMinute: c.ratePerMinute,
    ...(url && appId && keyId && keySecret ? { messaging: { url, appId, keyId, keySecret } } : {}),
    dispatcher: deps.dispatcher,
    timeoutMs: deps.timeoutMs,
    now: deps.now,
    retry: deps.retry,
  });
}

/** What the connector registry loads for this platform (by its folder's name). */
export const runtime: PlatformRuntime<ZendeskSettings> = { connector: zendeskConnector };
