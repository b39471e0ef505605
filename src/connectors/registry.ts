import type { Dispatcher } from 'undici';
import { type Config, platformClockOf } from '../config';
import { platformTimeAt } from '../domain/platform-clock';
import type { PlatformId } from '../domain/platforms';
import { ChatbotConnector } from './chatbot/connector';
import { GenesysConnector, genesysTelephonyRetention } from './genesys/connector';
import { LivePersonConnector } from './liveperson/connector';
import { defaultRetryPolicy, realSleep } from './retry';
import type { Connector } from './types';

/**
 * Builds a connector for every platform the configuration names. They read the platforms' clock of
 * the time profile (real time, or compressed from its epoch), and their retries wait on its scale.
 */
export function createConnectors(
  config: Config,
  dispatcher: Dispatcher,
): Partial<Record<PlatformId, Connector>> {
  const clock = platformClockOf(config);
  const now = (): number => platformTimeAt(clock, Date.now());
  const retry = { ...defaultRetryPolicy, sleep: realSleep(clock ? 1 / clock.rate : 1) };
  const connectors: Partial<Record<PlatformId, Connector>> = {};
  const timeoutMs = config.httpTimeoutMs;
  if (config.liveperson) {
    connectors.liveperson = new LivePersonConnector({
      auth: config.liveperson,
      dispatcher,
      timeoutMs,
      now,
      retry,
    });
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
      ratePerMinute: g.ratePerMinute,
      retry,
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
      retry,
    });
  }
  return connectors;
}
