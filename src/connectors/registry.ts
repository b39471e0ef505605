import type { Dispatcher } from 'undici';
import type { Config } from '../config';
import type { PlatformId } from '../domain/platforms';
import { ChatbotConnector } from './chatbot/connector';
import { GenesysConnector, genesysTelephonyRetention } from './genesys/connector';
import { LivePersonConnector } from './liveperson/connector';
import type { Connector } from './types';

/** Builds a connector for every platform the configuration names. */
export function createConnectors(
  config: Config,
  dispatcher: Dispatcher,
  now: () => number = Date.now,
): Partial<Record<PlatformId, Connector>> {
  const connectors: Partial<Record<PlatformId, Connector>> = {};
  const timeoutMs = config.httpTimeoutMs;
  if (config.liveperson) {
    connectors.liveperson = new LivePersonConnector({ auth: config.liveperson, dispatcher, timeoutMs, now });
  }
  if (config.genesys) {
    const g = config.genesys;
    connectors.genesys = new GenesysConnector({
      auth: { apiUrl: g.apiUrl, loginUrl: g.loginUrl, clientId: g.clientId, clientSecret: g.clientSecret },
      dispatcher,
      timeoutMs,
      now,
      mode: g.mode,
      replacementTerm: g.replacementTerm,
      lookbackDays: g.lookbackDays,
      throttle: { perMinute: g.ratePerMinute },
      ...(g.telephonyRetentionReason
        ? { retained: [{ ...genesysTelephonyRetention, reason: g.telephonyRetentionReason }] }
        : {}),
    });
  }
  if (config.chatbot) {
    const c = config.chatbot;
    connectors.chatbot = new ChatbotConnector({
      baseUrl: c.baseUrl,
      apiToken: c.apiToken,
      uciKey: c.uciKey,
      uciFrom: c.uciFrom,
      paths: { delete: c.deletePath, conversations: c.conversationsPath },
      dispatcher,
      timeoutMs,
    });
  }
  return connectors;
}

/** The platforms a configuration has connectors for. */
export function configuredPlatforms(config: Config): PlatformId[] {
  return (['liveperson', 'genesys', 'chatbot'] as const).filter((p) => config[p] !== undefined);
}
