import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../src/local/stack';
import type { ChatbotAdminClient } from '../../src/simulator/chatbot/admin-client';
import type { ChatbotSimulatorOptions } from '../../src/simulator/chatbot/options';
import type { ChatbotSimulator } from '../../src/simulator/chatbot/server';
import type { GenesysAdminClient } from '../../src/simulator/genesys/admin-client';
import type { GenesysSimulatorOptions } from '../../src/simulator/genesys/options';
import type { GenesysSimulator } from '../../src/simulator/genesys/server';
import type { LocalSimulator } from '../../src/simulator/kit/local-platform';
import type { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';
import type { LivePersonSimulator, StartOptions } from '../../src/simulator/liveperson/server';
import type { ZendeskAdminClient } from '../../src/simulator/zendesk/admin-client';
import type { ZendeskSimulatorOptions } from '../../src/simulator/zendesk/options';
import type { ZendeskSimulator } from '../../src/simulator/zendesk/server';

// What tests, benchmarks and tools read of a local stack by platform name: the stack itself (src/local)
// names no platform, so the typed views of its simulators live here, beside the code that uses them.

/** A stack's simulators, typed by platform: LivePerson's at the top (most tests use only it). */
export interface PlatformViews {
  /** LivePerson's simulator (throws when the stack does not run it). */
  readonly sim: LivePersonSimulator;
  readonly admin: LivePersonAdminClient;
  readonly genesys?: { readonly sim: GenesysSimulator; readonly admin: GenesysAdminClient };
  readonly chatbot?: { readonly sim: ChatbotSimulator; readonly admin: ChatbotAdminClient };
  readonly zendesk?: { readonly sim: ZendeskSimulator; readonly admin: ZendeskAdminClient };
}

type View<A, S> = { readonly sim: S; readonly admin: A } | undefined;
const view = <A, S>(s: LocalSimulator | undefined): View<A, S> =>
  s ? { sim: s.sim as S, admin: s.admin as A } : undefined;

/** The typed views of a stack's simulators. */
export function platformViews(stack: LocalStack): PlatformViews {
  const lp = view<LivePersonAdminClient, LivePersonSimulator>(stack.simulators.liveperson);
  const missing = (): never => {
    throw new Error('this stack runs no LivePerson simulator');
  };
  const genesys = view<GenesysAdminClient, GenesysSimulator>(stack.simulators.genesys);
  const chatbot = view<ChatbotAdminClient, ChatbotSimulator>(stack.simulators.chatbot);
  const zendesk = view<ZendeskAdminClient, ZendeskSimulator>(stack.simulators.zendesk);
  return {
    get sim() {
      return lp?.sim ?? missing();
    },
    get admin() {
      return lp?.admin ?? missing();
    },
    ...(genesys ? { genesys } : {}),
    ...(chatbot ? { chatbot } : {}),
    ...(zendesk ? { zendesk } : {}),
  };
}

/** A stack with its simulators' typed views. */
export function withViews<S extends LocalStack>(stack: S): S & PlatformViews {
  const views = platformViews(stack);
  return Object.defineProperties(stack, Object.getOwnPropertyDescriptors(views)) as S & PlatformViews;
}

/** The stack options tests speak: each simulator's overrides by its own name, LivePerson by default. */
export interface StackChoices {
  readonly platforms?: LocalStackOptions['platforms'];
  /** LivePerson's simulator options. */
  readonly simulator?: StartOptions;
  readonly genesys?: Partial<GenesysSimulatorOptions>;
  readonly chatbot?: Partial<ChatbotSimulatorOptions>;
  readonly zendesk?: Partial<ZendeskSimulatorOptions>;
}

/** The stack's own options for `choices`. */
export function stackChoices(choices: StackChoices): Pick<LocalStackOptions, 'platforms' | 'simulators'> {
  return {
    platforms: choices.platforms ?? ['liveperson'],
    simulators: {
      ...(choices.simulator ? { liveperson: choices.simulator } : {}),
      ...(choices.genesys ? { genesys: choices.genesys } : {}),
      ...(choices.chatbot ? { chatbot: choices.chatbot } : {}),
      ...(choices.zendesk ? { zendesk: choices.zendesk } : {}),
    },
  };
}

/** The local stack's options as tests and tools speak them (`StackChoices` for the simulators). */
export type StackOptions = Omit<LocalStackOptions, 'platforms' | 'simulators'> & StackChoices;

/** Starts a local stack from the options tests speak, with its simulators' typed views. */
export async function startStack(
  env: Parameters<typeof startLocalStack>[0],
  options: StackOptions,
): Promise<LocalStack & PlatformViews> {
  const { simulator: _lp, genesys: _g, chatbot: _c, zendesk: _z, platforms: _p, ...rest } = options;
  return withViews(await startLocalStack(env, { ...rest, ...stackChoices(options) }));
}
