/**
 * Configuration (src/config/): loadConfig from the environment and an optional JSON
 * file (the environment wins), secrets that never print, ConfigError messages that name the key and its
 * environment variable but never the bad value, and the timing each time profile stands for.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Config,
  ConfigError,
  configuredPlatforms,
  loadConfig,
  platformClockFromEnvironment,
  platformClockOf,
  timingOf,
} from '../../src/config';
import { Secret } from '../../src/config/secret';
import { createConnectors } from '../../src/connectors/registry';
import { platformTimeAt } from '../../src/domain/platform-clock';
import { standardTiming, timingForDay } from '../../src/domain/timing';

const HMAC_KEY = 'hmac-key-0123456789-abcdefghijklmnop';
const CLIENT_SECRET = 'client-secret-Zq8vX2pL9wK4';

const CODEC_KEY = Buffer.alloc(32, 7).toString('base64');
const validEnv = (): NodeJS.ProcessEnv => ({
  LETHE_SUBJECT_HMAC_KEY: HMAC_KEY,
  LETHE_CODEC_KEYS: `2026-11:${CODEC_KEY}`,
  LETHE_LIVEPERSON_ACCOUNT_ID: '12345678',
  LETHE_LIVEPERSON_CLIENT_ID: 'lethe-client',
  LETHE_LIVEPERSON_CLIENT_SECRET: CLIENT_SECRET,
});

/** Runs loadConfig and returns the ConfigError it must throw. */
function configError(env: NodeJS.ProcessEnv, defaults?: Record<string, unknown>): ConfigError {
  try {
    loadConfig(env, defaults);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('loadConfig accepted an invalid configuration');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lethe-config-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const writeConfig = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('loadConfig: environment', () => {
  it('parses a valid environment, with defaults for everything else', () => {
    const config = loadConfig(validEnv());
    expect(config.subjectHmacKey).toBeInstanceOf(Secret);
    expect(config.subjectHmacKey.reveal()).toBe(HMAC_KEY);
    expect(config.liveperson?.accountId).toBe('12345678');
    expect(config.liveperson?.clientId).toBe('lethe-client');
    expect(config.liveperson?.clientSecret).toBeInstanceOf(Secret);
    expect(config.liveperson?.clientSecret.reveal()).toBe(CLIENT_SECRET);
    expect(config.liveperson?.domainApiUrl).toBe('https://api.liveperson.net');
    expect(config.temporal).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'lethe-erasure',
      connection: {},
    });
    expect(config.timeProfile).toBe('standard');
    expect(config.logLevel).toBe('info');
    expect(config.httpTimeoutMs).toBe(30_000);
    expect(config.dayMs).toBeUndefined();
  });

  it('reads every optional variable, coercing numbers', () => {
    const config = loadConfig({
      ...validEnv(),
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'privacy',
      LETHE_TASK_QUEUE: 'erasure-q',
      LETHE_TIME_PROFILE: 'compressed',
      LETHE_DAY_MS: '250',
      LETHE_PLATFORM_CLOCK_EPOCH: '2026-12-01T00:00:00Z',
      LETHE_LOG_LEVEL: 'debug',
      LETHE_HTTP_TIMEOUT_MS: '5000',
      LETHE_LIVEPERSON_DOMAIN_API_URL: 'http://127.0.0.1:9999',
    });
    expect(config.temporal).toEqual({
      address: 'temporal.internal:7233',
      namespace: 'privacy',
      taskQueue: 'erasure-q',
      connection: {},
    });
    expect(config.timeProfile).toBe('compressed');
    expect(config.dayMs).toBe(250);
    expect(platformClockOf(config)).toEqual({
      epochMs: Date.UTC(2026, 11, 1),
      rate: 86_400_000 / 250,
    });
    expect(config.logLevel).toBe('debug');
    expect(config.httpTimeoutMs).toBe(5000);
    expect(config.liveperson?.domainApiUrl).toBe('http://127.0.0.1:9999');
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ ...validEnv(), LETHE_TIME_PROFILE: '', LETHE_CONFIG: '' });
    expect(config.timeProfile).toBe('standard');
  });

  it('leaves LivePerson out when none of its variables is set', () => {
    expect(
      loadConfig({ LETHE_SUBJECT_HMAC_KEY: HMAC_KEY, LETHE_CODEC_KEYS: `k:${CODEC_KEY}` }).liveperson,
    ).toBeUndefined();
  });
});

describe('Secret', () => {
  it('never prints its value through String, template, JSON or inspect', () => {
    const config = loadConfig(validEnv());
    const secret = config.liveperson?.clientSecret;
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify(secret)).toBe('"[redacted]"');
    expect(inspect(secret)).toBe('[redacted]');
    for (const rendering of [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      String(config.subjectHmacKey),
    ]) {
      expect(rendering).toContain('[redacted]');
      expect(rendering).not.toContain(CLIENT_SECRET);
      expect(rendering).not.toContain(HMAC_KEY);
    }
  });

  it('gives the value only through reveal()', () => {
    const secret = new Secret('s3cr3t');
    expect(secret.reveal()).toBe('s3cr3t');
    expect(Object.keys(secret)).toEqual([]);
  });
});

describe('loadConfig: errors', () => {
  it('names subjectHmacKey and its variable for a short key, without the key', () => {
    const shortKey = 'short-hmac-key-VALUE';
    const err = configError({ ...validEnv(), LETHE_SUBJECT_HMAC_KEY: shortKey });
    expect(err.message).toContain('subjectHmacKey (LETHE_SUBJECT_HMAC_KEY)');
    expect(err.message).toContain('at least 32 characters');
    expect(err.message).not.toContain(shortKey);
    expect(err.problems).toHaveLength(1);
  });

  it('names subjectHmacKey when it is missing', () => {
    const { LETHE_SUBJECT_HMAC_KEY: _omitted, ...env } = validEnv();
    expect(configError(env).message).toContain('subjectHmacKey (LETHE_SUBJECT_HMAC_KEY)');
  });

  it('names liveperson.accountId and its variable, without the bad value', () => {
    const err = configError({ ...validEnv(), LETHE_LIVEPERSON_ACCOUNT_ID: 'not a site id!' });
    expect(err.message).toContain('liveperson.accountId (LETHE_LIVEPERSON_ACCOUNT_ID)');
    expect(err.message).not.toContain('not a site id!');
  });

  it('names liveperson.accountId when the LivePerson block lacks it', () => {
    const { LETHE_LIVEPERSON_ACCOUNT_ID: _omitted, ...env } = validEnv();
    const err = configError(env);
    expect(err.message).toContain('liveperson.accountId (LETHE_LIVEPERSON_ACCOUNT_ID)');
    expect(err.message).not.toContain(CLIENT_SECRET);
  });

  it('rejects a non-http domain API URL', () => {
    const err = configError({ ...validEnv(), LETHE_LIVEPERSON_DOMAIN_API_URL: 'ftp://x' });
    expect(err.message).toContain('liveperson.domainApiUrl (LETHE_LIVEPERSON_DOMAIN_API_URL)');
    expect(err.message).toContain('must be an http:// or https:// URL');
  });

  it('names the client id when only the secret is given, without the secret', () => {
    const { LETHE_LIVEPERSON_CLIENT_ID: _omitted, ...env } = validEnv();
    const err = configError(env);
    expect(err.message).toContain('liveperson.clientId (LETHE_LIVEPERSON_CLIENT_ID)');
    expect(err.message).not.toContain(CLIENT_SECRET);
  });

  it("reads the deployment's expansion policy, and names LETHE_EXPAND for a value it does not know", () => {
    expect(loadConfig(validEnv()).expand).toBeUndefined();
    expect(loadConfig({ ...validEnv(), LETHE_EXPAND: 'confirm' }).expand).toBe('confirm');
    const err = configError({ ...validEnv(), LETHE_EXPAND: 'everything' });
    expect(err.message).toContain('expand (LETHE_EXPAND)');
    expect(err.message).not.toContain('everything');
  });

  it('lists every problem, each naming its variable', () => {
    const err = configError({
      ...validEnv(),
      LETHE_SUBJECT_HMAC_KEY: 'too-short',
      LETHE_TIME_PROFILE: 'warp',
      LETHE_HTTP_TIMEOUT_MS: '-1',
    });
    expect(err.problems).toHaveLength(3);
    expect(err.message).toContain('(LETHE_SUBJECT_HMAC_KEY)');
    expect(err.message).toContain('timeProfile (LETHE_TIME_PROFILE)');
    expect(err.message).toContain('httpTimeoutMs (LETHE_HTTP_TIMEOUT_MS)');
    expect(err.message).not.toContain('too-short');
    expect(err.name).toBe('ConfigError');
  });
});

describe('loadConfig: config file', () => {
  it('reads a JSON file named by LETHE_CONFIG; the environment wins over it', () => {
    const path = writeConfig(
      'lethe.json',
      JSON.stringify({
        temporal: { address: 'file-host:7233', namespace: 'from-file' },
        subjectHmacKey: `file-${HMAC_KEY}`,
        logLevel: 'warn',
        liveperson: { accountId: 'fileacct', clientId: 'file-client', clientSecret: 'file-secret' },
      }),
    );
    const config = loadConfig({
      LETHE_CONFIG: path,
      LETHE_CODEC_KEYS: `k:${CODEC_KEY}`,
      TEMPORAL_ADDRESS: 'env-host:7233',
      LETHE_LIVEPERSON_ACCOUNT_ID: 'envacct',
    });
    // From the environment.
    expect(config.temporal.address).toBe('env-host:7233');
    expect(config.liveperson?.accountId).toBe('envacct');
    // From the file, merged key by key with the environment.
    expect(config.temporal.namespace).toBe('from-file');
    expect(config.temporal.taskQueue).toBe('lethe-erasure');
    expect(config.logLevel).toBe('warn');
    expect(config.subjectHmacKey.reveal()).toBe(`file-${HMAC_KEY}`);
    expect(config.liveperson?.clientId).toBe('file-client');
    expect(config.liveperson?.clientSecret.reveal()).toBe('file-secret');
  });

  it('lets the file override the built-in defaults argument', () => {
    const path = writeConfig('level.json', JSON.stringify({ logLevel: 'error' }));
    const defaults = {
      logLevel: 'trace',
      timeProfile: 'compressed',
      platformClockEpoch: '2026-12-01T00:00:00Z',
    };
    const config = loadConfig(
      { LETHE_CONFIG: path, LETHE_SUBJECT_HMAC_KEY: HMAC_KEY, LETHE_CODEC_KEYS: `k:${CODEC_KEY}` },
      defaults,
    );
    expect(config.logLevel).toBe('error');
    expect(config.timeProfile).toBe('compressed');
  });

  it('names LETHE_CONFIG when the file cannot be read', () => {
    const err = configError({ ...validEnv(), LETHE_CONFIG: join(dir, 'missing.json') });
    expect(err.message).toContain('LETHE_CONFIG');
    expect(err.message).toContain('missing.json');
  });

  it('names LETHE_CONFIG when the file is not JSON', () => {
    const path = writeConfig('broken.json', '{ "logLevel": ');
    expect(configError({ ...validEnv(), LETHE_CONFIG: path }).message).toContain('LETHE_CONFIG');
  });

  it('does not quote a secret from a malformed config file', () => {
    // A missing pair of quotes: JSON.parse's own message quotes the text around the error.
    const leaked = 's3cr3t-hmac-value-from-file-0123456789';
    const path = writeConfig('unquoted.json', `{"subjectHmacKey": ${leaked}}`);
    const err = configError({ LETHE_CONFIG: path });
    expect(err.message).toContain('LETHE_CONFIG');
    expect(err.message).not.toContain(leaked.slice(0, 6));
  });

  it('reports a bad value from the file by key without quoting it', () => {
    const path = writeConfig('short.json', JSON.stringify({ subjectHmacKey: 'file-key-too-short' }));
    const err = configError({ LETHE_CONFIG: path });
    expect(err.message).toContain('subjectHmacKey (LETHE_SUBJECT_HMAC_KEY)');
    expect(err.message).not.toContain('file-key-too-short');
  });
});

describe('timingOf', () => {
  const profile = (timeProfile: Config['timeProfile'], dayMs?: number) => ({ timeProfile, dayMs });

  it('uses real days for the standard profile', () => {
    expect(timingOf(profile('standard'))).toEqual(standardTiming);
    expect(timingOf(loadConfig(validEnv()))).toEqual(standardTiming);
  });

  it('makes a compressed day last 1000 ms by default', () => {
    expect(timingOf(profile('compressed'))).toEqual(timingForDay(1000));
    expect(timingOf(profile('compressed')).verifyAfterMs).toEqual([
      1000, 3000, 7000, 14_000, 21_000, 26_000, 30_000,
    ]);
  });

  it('refuses a day length with the standard profile, so real deadlines cannot shrink by accident', () => {
    const err = configError({ ...validEnv(), LETHE_DAY_MS: '1000' });
    expect(err.message).toContain('dayMs (LETHE_DAY_MS)');
    expect(timingOf(profile('standard', 1000))).toEqual(standardTiming);
  });

  it('makes a compressed day last dayMs when given', () => {
    expect(timingOf(profile('compressed', 50))).toEqual(timingForDay(50));
    const config = loadConfig({
      ...validEnv(),
      LETHE_TIME_PROFILE: 'compressed',
      LETHE_DAY_MS: '200',
      LETHE_PLATFORM_CLOCK_EPOCH: '2026-12-01T00:00:00Z',
    });
    expect(timingOf(config).maxActiveWaitMs).toBe(6000);
  });
});

describe('the platform clock (DESIGN §12)', () => {
  const compressed = { LETHE_TIME_PROFILE: 'compressed', LETHE_DAY_MS: '1000' };

  it('is the real clock in the standard profile', () => {
    expect(platformClockOf(loadConfig(validEnv()))).toBeUndefined();
    expect(platformClockFromEnvironment({})).toBeUndefined();
  });

  it('runs compressed from its epoch, at a day per LETHE_DAY_MS, for workers, clients and simulators alike', () => {
    const env = { ...validEnv(), ...compressed, LETHE_PLATFORM_CLOCK_EPOCH: '2026-12-31T23:59:00Z' };
    const clock = platformClockOf(loadConfig(env));
    expect(clock).toEqual({ epochMs: Date.UTC(2026, 11, 31, 23, 59), rate: 86_400 });
    expect(platformClockFromEnvironment(env)).toEqual(clock);
    // One real second after the epoch it is already a day later on the platforms: a new month and year.
    const later = platformTimeAt(clock, Date.UTC(2026, 11, 31, 23, 59, 1));
    expect(new Date(later).toISOString()).toBe('2027-01-01T23:59:00.000Z');
  });

  it('is required with the compressed profile, and refused with the standard one, naming the variable', () => {
    expect(configError({ ...validEnv(), ...compressed }).message).toContain(
      'platformClockEpoch (LETHE_PLATFORM_CLOCK_EPOCH): is required with the compressed time profile',
    );
    expect(() => platformClockFromEnvironment(compressed)).toThrow(/LETHE_PLATFORM_CLOCK_EPOCH/);
    expect(
      configError({ ...validEnv(), LETHE_PLATFORM_CLOCK_EPOCH: '2026-12-01T00:00:00Z' }).message,
    ).toContain('platformClockEpoch (LETHE_PLATFORM_CLOCK_EPOCH): a platform clock applies only');
    const bad = configError({ ...validEnv(), ...compressed, LETHE_PLATFORM_CLOCK_EPOCH: 'yesterday-ish' });
    expect(bad.message).toContain('LETHE_PLATFORM_CLOCK_EPOCH): must be an ISO-8601 instant');
    expect(bad.message).not.toContain('yesterday-ish');
  });
});

describe('loadConfig: Genesys Cloud and the chatbot', () => {
  const GENESYS_SECRET = 'genesys-secret-7Hq2xY';
  const CHATBOT_TOKEN = 'chatbot-token-k9P3mW';
  const genesysEnv = (): NodeJS.ProcessEnv => ({
    ...validEnv(),
    LETHE_GENESYS_CLIENT_ID: 'gc-client',
    LETHE_GENESYS_CLIENT_SECRET: GENESYS_SECRET,
  });
  const chatbotEnv = (): NodeJS.ProcessEnv => ({
    ...validEnv(),
    LETHE_CHATBOT_BASE_URL: 'https://bot.example.com',
    LETHE_CHATBOT_API_TOKEN: CHATBOT_TOKEN,
    LETHE_CHATBOT_UCI_KEY: 'member_id',
  });

  it('reads Genesys with the documented defaults: delete mode, 13 months back, the US region', () => {
    const g = loadConfig(genesysEnv()).genesys;
    expect(g).toMatchObject({
      apiUrl: 'https://api.mypurecloud.com',
      loginUrl: 'https://login.mypurecloud.com',
      clientId: 'gc-client',
      mode: 'delete',
      replacementTerm: '[erased]',
      lookbackDays: 396,
    });
    expect(g?.clientSecret.reveal()).toBe(GENESYS_SECRET);
  });

  it('reads the Genesys region, update mode and the telephony retention reason', () => {
    const g = loadConfig({
      ...genesysEnv(),
      LETHE_GENESYS_API_URL: 'https://api.mypurecloud.ie',
      LETHE_GENESYS_LOGIN_URL: 'https://login.mypurecloud.ie',
      LETHE_GENESYS_MODE: 'update',
      LETHE_GENESYS_REPLACEMENT_TERM: 'REDACTED',
      LETHE_GENESYS_TELEPHONY_RETENTION_REASON: 'Irish telecommunications law, 2 years',
    }).genesys;
    expect(g).toMatchObject({
      apiUrl: 'https://api.mypurecloud.ie',
      mode: 'update',
      replacementTerm: 'REDACTED',
    });
    expect(g?.telephonyRetentionReason).toBe('Irish telecommunications law, 2 years');
  });

  it('names a bad Genesys mode and a missing secret by key and variable, never quoting a secret', () => {
    const err = configError({ ...validEnv(), LETHE_GENESYS_CLIENT_ID: 'gc', LETHE_GENESYS_MODE: 'shred' });
    expect(err.message).toContain('genesys.mode (LETHE_GENESYS_MODE)');
    expect(err.message).toContain('genesys.clientSecret (LETHE_GENESYS_CLIENT_SECRET)');
  });

  it('reads the chatbot with the simulator paths as defaults, and a list of UCI identifier kinds', () => {
    const c = loadConfig({ ...chatbotEnv(), LETHE_CHATBOT_UCI_FROM: 'chatbotUci, customerId' }).chatbot;
    expect(c).toMatchObject({
      baseUrl: 'https://bot.example.com',
      uciKey: 'member_id',
      uciFrom: ['chatbotUci', 'customerId'],
      deletePath: '/api/v1/data-compliance/delete',
      conversationsPath: '/api/v1/conversations',
    });
    expect(c?.apiToken.reveal()).toBe(CHATBOT_TOKEN);
  });

  it('refuses an unknown UCI identifier kind and a path that is not one, naming each', () => {
    const err = configError({
      ...chatbotEnv(),
      LETHE_CHATBOT_UCI_FROM: 'shoeSize',
      LETHE_CHATBOT_DELETE_PATH: 'delete?x',
    });
    expect(err.message).toContain('chatbot.uciFrom');
    expect(err.message).toContain(
      'chatbot.deletePath (LETHE_CHATBOT_DELETE_PATH): must be a path starting with /',
    );
    expect(err.message).not.toContain(CHATBOT_TOKEN);
  });

  it("refuses another platform's id as the chatbot's UCI: only general kinds and its own", () => {
    const err = configError({ ...chatbotEnv(), LETHE_CHATBOT_UCI_FROM: 'livepersonConsumerId' });
    expect(err.message).toContain('chatbot.uciFrom');
    expect(err.message).toContain('"chatbotUci"');
    expect(err.message).not.toContain('livepersonConsumerId'); // never the value given
  });

  it('builds a connector for each configured platform, and only those', async () => {
    expect(configuredPlatforms(loadConfig(validEnv()))).toEqual(['liveperson']);
    const all = loadConfig({ ...genesysEnv(), ...chatbotEnv() });
    expect(configuredPlatforms(all)).toEqual(['liveperson', 'genesys', 'chatbot']);
    const connectors = await createConnectors(all, new Agent());
    expect(Object.keys(connectors)).toEqual(['liveperson', 'genesys', 'chatbot']);
    expect(connectors.genesys?.retained[0]?.data).toMatch(/telephony/);
    const reasoned = await createConnectors(
      loadConfig({
        ...genesysEnv(),
        LETHE_GENESYS_TELEPHONY_RETENTION_REASON: 'kept 2 years (national law)',
      }),
      new Agent(),
    );
    expect(reasoned.genesys?.retained).toEqual([
      { data: expect.stringMatching(/telephony/), reason: 'kept 2 years (national law)' },
    ]);
  });
});

describe('loadConfig: Zendesk', () => {
  const TOKEN = 'zd-token-1234567890';
  const SECRET = 'sc-secret-1234567890';
  const zendeskEnv = (): NodeJS.ProcessEnv => ({
    ...validEnv(),
    LETHE_ZENDESK_BASE_URL: 'https://acme.zendesk.com',
    LETHE_ZENDESK_EMAIL: 'privacy-bot@acme.example',
    LETHE_ZENDESK_API_TOKEN: TOKEN,
  });
  const messaging = {
    LETHE_ZENDESK_MESSAGING_URL: 'https://api.eu-1.smooch.io',
    LETHE_ZENDESK_MESSAGING_APP_ID: 'app-1',
    LETHE_ZENDESK_MESSAGING_KEY_ID: 'app_key',
    LETHE_ZENDESK_MESSAGING_KEY_SECRET: SECRET,
  };

  it('reads Zendesk with its defaults: tickets deleted, none kept by tag, 200 calls a minute, no messaging', async () => {
    const config = loadConfig(zendeskEnv());
    expect(config.zendesk).toMatchObject({
      ticketAction: 'delete',
      keepTicketsTagged: [],
      ratePerMinute: 200,
    });
    expect(config.zendesk?.messagingUrl).toBeUndefined();
    expect(configuredPlatforms(config)).toEqual(['liveperson', 'zendesk']);
    const connectors = await createConnectors(config, new Agent());
    expect(connectors.zendesk?.retained.some((r) => /Permanently Deleted User/.test(r.data))).toBe(true);
  });

  it('reads the redaction choices and messaging, all four or none', () => {
    const z = loadConfig({
      ...zendeskEnv(),
      ...messaging,
      LETHE_ZENDESK_TICKET_ACTION: 'redact',
      LETHE_ZENDESK_KEEP_TICKETS_TAGGED: 'legal_hold, vip',
    }).zendesk;
    expect(z).toMatchObject({
      ticketAction: 'redact',
      keepTicketsTagged: ['legal_hold', 'vip'],
      messagingAppId: 'app-1',
    });
    const { LETHE_ZENDESK_MESSAGING_KEY_SECRET: _omitted, ...three } = messaging;
    const err = configError({ ...zendeskEnv(), ...three });
    expect(err.message).toContain('zendesk.messagingKeySecret (LETHE_ZENDESK_MESSAGING_KEY_SECRET)');
  });

  it('refuses a bad action or email, naming the variable and never quoting a secret', () => {
    const err = configError({ ...zendeskEnv(), ...messaging, LETHE_ZENDESK_TICKET_ACTION: 'shred' });
    expect(err.message).toContain('LETHE_ZENDESK_TICKET_ACTION');
    expect(configError({ ...zendeskEnv(), LETHE_ZENDESK_EMAIL: 'nobody' }).message).toContain(
      'LETHE_ZENDESK_EMAIL',
    );
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).not.toContain(SECRET);
  });
});

describe('loadConfig: the intake', () => {
  const KEY = 'crm-key-0123456789abcdef0123456789';
  it('serves nothing by default, and reads Transcend and the status API callers when set', () => {
    const none = loadConfig(validEnv()).intake;
    expect(none).toMatchObject({ port: 8490, taskQueue: 'lethe-intake' });
    expect(none.transcend).toBeUndefined();
    const c = loadConfig({
      ...validEnv(),
      LETHE_INTAKE_TRANSCEND_API_KEY: 'silo-key',
      LETHE_INTAKE_TRANSCEND_AUDIENCE: 'lethe',
      LETHE_INTAKE_TRANSCEND_IDENTIFIER_KINDS: 'email:email, customer_id:customerId',
      LETHE_INTAKE_API_KEYS: `crm:${KEY}`,
    }).intake;
    expect(c.transcend).toMatchObject({
      sombraUrl: 'https://multi-tenant.sombra.transcend.io',
      audience: 'lethe',
      identifierKinds: { email: 'email', customer_id: 'customerId' },
    });
    expect(c.apiKeys?.map((k) => k.name)).toEqual(['crm']);
  });

  it('refuses a short key, an unknown identifier kind, or a missing audience, naming the variable, never the key', () => {
    const short = configError({ ...validEnv(), LETHE_INTAKE_API_KEYS: 'crm:short' });
    expect(short.message).toContain('LETHE_INTAKE_API_KEYS');
    expect(short.message).not.toContain('short,');
    const kinds = configError({
      ...validEnv(),
      LETHE_INTAKE_TRANSCEND_API_KEY: 'silo-key',
      LETHE_INTAKE_TRANSCEND_AUDIENCE: 'lethe',
      LETHE_INTAKE_TRANSCEND_IDENTIFIER_KINDS: 'email:passport',
    });
    expect(kinds.message).toContain('LETHE_INTAKE_TRANSCEND_IDENTIFIER_KINDS');
    const audience = configError({ ...validEnv(), LETHE_INTAKE_TRANSCEND_API_KEY: 'silo-key' });
    expect(audience.message).toContain('LETHE_INTAKE_TRANSCEND_AUDIENCE');
  });
});

describe('loadConfig: the payload codec and its server', () => {
  it('requires codec keys, naming the variable', () => {
    const { LETHE_CODEC_KEYS: _omitted, ...env } = validEnv();
    expect(configError(env).message).toContain('codec.keys (LETHE_CODEC_KEYS): is required');
  });

  it('refuses a short key or an unknown current key id, never quoting a key', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const err = configError({ ...validEnv(), LETHE_CODEC_KEYS: `old:${short}` });
    expect(err.message).toContain('codec.keys (LETHE_CODEC_KEYS): key old: must be 32 bytes');
    expect(err.message).not.toContain(short);
    const unknown = configError({ ...validEnv(), LETHE_CODEC_KEY_ID: 'nope' });
    expect(unknown.message).toContain('key nope: named to encrypt with, but not listed');
    expect(unknown.message).not.toContain(CODEC_KEY);
  });

  it('keeps the codec server local by default, and refuses production without TLS or a token key', () => {
    expect(loadConfig(validEnv()).codecServer).toMatchObject({ mode: 'local', port: 8888 });
    const err = configError({ ...validEnv(), LETHE_CODEC_SERVER_MODE: 'production' });
    expect(err.message).toContain(
      'codecServer.tlsCertFile (LETHE_CODEC_TLS_CERT): production mode serves HTTPS only',
    );
    expect(err.message).toContain(
      "codecServer.jwtPublicKeyFile (LETHE_CODEC_JWT_PUBLIC_KEY): production mode verifies the operator's access token",
    );
  });
});

describe('loadConfig: certificates and webhooks', () => {
  const ed25519 = (): string =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('reads an Ed25519 signing key, with \\n escapes as the environment carries them, and its id', () => {
    const pem = ed25519();
    const config = loadConfig({
      ...validEnv(),
      LETHE_CERT_SIGNING_KEY: pem.replace(/\n/g, '\\n'),
      LETHE_CERT_KEY_ID: '2026-11',
    });
    expect(config.certificate?.keyId).toBe('2026-11');
    expect(config.certificate?.signingKey.reveal()).toBe(pem);
  });

  it('refuses a signing key that is not Ed25519, never quoting it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const err = configError({ ...validEnv(), LETHE_CERT_SIGNING_KEY: rsa, LETHE_CERT_KEY_ID: 'k' });
    expect(err.message).toContain(
      'certificate.signingKey (LETHE_CERT_SIGNING_KEY): must be an Ed25519 private key',
    );
    expect(err.message).not.toContain('PRIVATE KEY');
  });

  it('reads webhook subscribers and refuses a short secret or a bad URL', () => {
    const config = loadConfig({
      ...validEnv(),
      LETHE_WEBHOOK_URLS: 'https://dw.example.com/hooks, https://lake.example.com/erasures',
      LETHE_WEBHOOK_SECRET: 'x'.repeat(32),
    });
    expect(config.webhooks?.urls).toEqual([
      'https://dw.example.com/hooks',
      'https://lake.example.com/erasures',
    ]);
    const err = configError({
      ...validEnv(),
      LETHE_WEBHOOK_URLS: 'ftp://nope',
      LETHE_WEBHOOK_SECRET: 'short',
    });
    expect(err.message).toContain('webhooks.urls.0');
    expect(err.message).toContain('webhooks.secret (LETHE_WEBHOOK_SECRET): must be at least 32 characters');
  });
});

describe('loadConfig: warehouses', () => {
  const tables = [{ table: 'dw.chat_exports', match: { email: ['email'] }, action: { type: 'delete' } }];

  it('reads warehouses as JSON from the environment, the PostgreSQL URL kept secret', () => {
    const config = loadConfig({
      ...validEnv(),
      LETHE_WAREHOUSE: JSON.stringify([
        { type: 'duckdb', path: '/data/exports.duckdb', tables },
        { type: 'postgres', url: 'postgres://lethe:pw@dw.internal/warehouse', tables },
      ]),
    });
    expect(config.warehouse?.map((w) => [w.type, w.name])).toEqual([
      ['duckdb', 'duckdb'],
      ['postgres', 'postgres'],
    ]);
    const pg = config.warehouse?.[1];
    expect(pg?.type === 'postgres' && pg.url.reveal()).toBe('postgres://lethe:pw@dw.internal/warehouse');
    expect(JSON.stringify(config.warehouse)).not.toContain(':pw@');
  });

  it('names a bad table definition by its path, and refuses JSON that is not a list', () => {
    const err = configError({
      ...validEnv(),
      LETHE_WAREHOUSE: JSON.stringify([
        { type: 'duckdb', path: 'x.duckdb', tables: [{ ...tables[0], table: 'a; DROP' }] },
      ]),
    });
    expect(err.message).toContain('warehouse.0.tables.0.table');
    expect(configError({ ...validEnv(), LETHE_WAREHOUSE: '{not json' }).message).toContain(
      'warehouse (LETHE_WAREHOUSE)',
    );
  });
});

describe('the parts started from configuration', () => {
  it('refuses to run a worker that cannot sign certificates, naming the variable', async () => {
    const { run } = await import('../../src/worker');
    await expect(run(loadConfig(validEnv()))).rejects.toThrow(
      /certificate\.signingKey \(LETHE_CERT_SIGNING_KEY\): is required/,
    );
  });

  it('starts the configured codec server: local, on loopback, answering the Web UI origin', async () => {
    const { startConfiguredCodecServer } = await import('../../src/codec/main');
    const server = await startConfiguredCodecServer(
      loadConfig({ ...validEnv(), LETHE_CODEC_SERVER_PORT: '0' }),
    );
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/decode`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    } finally {
      await server.close();
    }
  });
});

describe("loadConfig: the Temporal connection, by Temporal's own conventions", () => {
  it('an API key turns TLS on and goes into the connection, not into any message', () => {
    const config = loadConfig({
      ...validEnv(),
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'cloud-api-key-Qw7',
    });
    expect(config.temporal).toMatchObject({ address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct' });
    expect(config.temporal.connection).toEqual({ apiKey: 'cloud-api-key-Qw7', tls: true });
  });

  it('reads mTLS files and gRPC metadata; TEMPORAL_TLS=false turns TLS off', () => {
    const crt = writeConfig('client.pem', 'CERTIFICATE');
    const key = writeConfig('client.key', 'PRIVATE KEY');
    const mtls = loadConfig({
      ...validEnv(),
      TEMPORAL_TLS_CLIENT_CERT_PATH: crt,
      TEMPORAL_TLS_CLIENT_KEY_PATH: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_GRPC_META_X_TEAM: 'privacy',
    }).temporal.connection;
    const tls = mtls.tls as {
      serverNameOverride: string;
      clientCertPair: { crt: Uint8Array; key: Uint8Array };
    };
    expect(tls.serverNameOverride).toBe('temporal.internal');
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toBe('CERTIFICATE');
    expect(Buffer.from(tls.clientCertPair.key).toString()).toBe('PRIVATE KEY');
    expect(mtls.metadata).toEqual({ 'x-team': 'privacy' });
    expect(loadConfig({ ...validEnv(), TEMPORAL_TLS: 'false' }).temporal.connection).toEqual({ tls: false });
  });

  it("takes address and namespace from Temporal's TOML profile when Lethe's settings leave them out", () => {
    const toml = writeConfig(
      'temporal.toml',
      '[profile.default]\naddress = "toml-host:7233"\nnamespace = "toml-ns"\n\n[profile.prod]\naddress = "prod:7233"\n',
    );
    const fromToml = loadConfig({ ...validEnv(), TEMPORAL_CONFIG_FILE: toml }).temporal;
    expect(fromToml).toMatchObject({ address: 'toml-host:7233', namespace: 'toml-ns' });
    const prod = loadConfig({ ...validEnv(), TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' }).temporal;
    expect(prod).toMatchObject({ address: 'prod:7233', namespace: 'default' });
    const env = loadConfig({ ...validEnv(), TEMPORAL_CONFIG_FILE: toml, TEMPORAL_ADDRESS: 'env:7233' });
    expect(env.temporal.address).toBe('env:7233');
  });

  it('a broken TOML file is a configuration error that does not quote the file', () => {
    const toml = writeConfig('broken.toml', '[profile.default]\napi_key = "secret-in-toml\n');
    const err = configError({ ...validEnv(), TEMPORAL_CONFIG_FILE: toml });
    expect(err.message).toContain('broken.toml');
    expect(err.message).not.toContain('secret-in-toml');
  });
});

describe('loadConfig: worker operations', () => {
  it('leaves health, metrics and tracing off by default, with a 30 s shutdown grace and bounded caches', () => {
    expect(loadConfig(validEnv()).worker).toEqual({
      metricPrefix: 'temporal_',
      tracing: 'off',
      serviceName: 'lethe-worker',
      shutdownGraceMs: 30_000,
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTasks: 40,
      maxConcurrentActivities: 100,
    });
  });

  it('reads the worker cache and slot limits from the environment', () => {
    const worker = loadConfig({
      ...validEnv(),
      LETHE_WORKER_MAX_CACHED_WORKFLOWS: '200',
      LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '10',
      LETHE_WORKER_MAX_CONCURRENT_ACTIVITIES: '20',
    }).worker;
    expect(worker).toMatchObject({
      maxCachedWorkflows: 200,
      maxConcurrentWorkflowTasks: 10,
      maxConcurrentActivities: 20,
    });
  });

  it('reads the health and metrics addresses, tracing and the grace from the environment', () => {
    const worker = loadConfig({
      ...validEnv(),
      LETHE_HEALTH_ADDRESS: '0.0.0.0:8090',
      LETHE_METRICS_ADDRESS: '[::]:9464',
      LETHE_METRICS_PREFIX: 'lethe_temporal_',
      LETHE_TRACING: 'otlp',
      OTEL_SERVICE_NAME: 'lethe-worker-eu',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      LETHE_SHUTDOWN_GRACE_MS: '45000',
    }).worker;
    expect(worker).toEqual({
      healthAddress: { host: '0.0.0.0', port: 8090 },
      metricsAddress: { host: '::', port: 9464 },
      metricPrefix: 'lethe_temporal_',
      tracing: 'otlp',
      serviceName: 'lethe-worker-eu',
      otlpEndpoint: 'http://collector:4318',
      shutdownGraceMs: 45_000,
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTasks: 40,
      maxConcurrentActivities: 100,
    });
    expect(loadConfig({ ...validEnv(), LETHE_HEALTH_ADDRESS: '127.0.0.1:0' }).worker.healthAddress).toEqual({
      host: '127.0.0.1',
      port: 0,
    });
  });

  it('takes the same settings from the config file, the environment winning', () => {
    const path = writeConfig(
      'worker.json',
      JSON.stringify({
        worker: { healthAddress: '127.0.0.1:8091', tracing: 'console', shutdownGraceMs: 5000 },
      }),
    );
    const worker = loadConfig({ ...validEnv(), LETHE_CONFIG: path, LETHE_SHUTDOWN_GRACE_MS: '0' }).worker;
    expect(worker).toMatchObject({
      healthAddress: { host: '127.0.0.1', port: 8091 },
      tracing: 'console',
      shutdownGraceMs: 0,
    });
  });

  it.each([
    [
      'LETHE_HEALTH_ADDRESS',
      'localhost:8090',
      'worker.healthAddress (LETHE_HEALTH_ADDRESS): must be ip:port',
    ],
    ['LETHE_HEALTH_ADDRESS', '9999', 'worker.healthAddress (LETHE_HEALTH_ADDRESS): must be ip:port'],
    [
      'LETHE_METRICS_ADDRESS',
      '0.0.0.0:70000',
      'worker.metricsAddress (LETHE_METRICS_ADDRESS): must be ip:port',
    ],
    ['LETHE_METRICS_PREFIX', 'lethe-', 'worker.metricPrefix (LETHE_METRICS_PREFIX): must be a Prometheus'],
    ['LETHE_TRACING', 'jaeger', 'worker.tracing (LETHE_TRACING)'],
    ['LETHE_SHUTDOWN_GRACE_MS', '-1', 'worker.shutdownGraceMs (LETHE_SHUTDOWN_GRACE_MS)'],
    [
      'LETHE_WORKER_MAX_CACHED_WORKFLOWS',
      'lots',
      'worker.maxCachedWorkflows (LETHE_WORKER_MAX_CACHED_WORKFLOWS)',
    ],
    [
      'LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
      '1',
      'worker.maxConcurrentWorkflowTasks (LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS)',
    ],
    [
      'LETHE_WORKER_MAX_CONCURRENT_ACTIVITIES',
      '-7',
      'worker.maxConcurrentActivities (LETHE_WORKER_MAX_CONCURRENT_ACTIVITIES)',
    ],
    [
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'collector:4318',
      'worker.otlpTracesEndpoint (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)',
    ],
  ])('refuses %s=%s, naming the variable but not the value', (name, value, message) => {
    const err = configError({ ...validEnv(), [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain(message);
    expect(err.message).not.toContain(value);
  });
});
