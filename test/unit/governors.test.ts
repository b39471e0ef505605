import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { governorInputsOf } from '../../src/config/governors';
import { platformLimits } from '../../src/domain/platforms';
import { standardTiming } from '../../src/domain/timing';

const base = {
  LETHE_SUBJECT_HMAC_KEY: 'hmac-key-0123456789-abcdefghijklmnop',
  LETHE_CODEC_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
};
const liveperson = {
  LETHE_LIVEPERSON_ACCOUNT_ID: '12345678',
  LETHE_LIVEPERSON_CLIENT_ID: 'lethe',
  LETHE_LIVEPERSON_CLIENT_SECRET: 'client-secret-Zq8vX2pL9wK4',
};
const genesys = {
  LETHE_GENESYS_CLIENT_ID: 'lethe',
  LETHE_GENESYS_CLIENT_SECRET: 'client-secret-Zq8vX2pL9wK4',
};

describe('governorInputsOf: the quota governors a configuration needs', () => {
  it('sets one up for each configured platform whose documented limits have a quota, on its account', () => {
    const inputs = governorInputsOf(loadConfig({ ...base, ...liveperson, ...genesys }), standardTiming);
    // Only LivePerson documents a monthly request quota; Genesys has a rate limit, not a quota.
    expect(Object.keys(inputs)).toEqual(['liveperson']);
    expect(inputs.liveperson).toMatchObject({
      platform: 'liveperson',
      account: '12345678',
      policy: {
        monthlyQuota: platformLimits.liveperson.monthlyRequestQuota,
        maxIdsPerRequest: platformLimits.liveperson.maxIdsPerRequest,
      },
    });
  });

  it('takes the quota the settings give, and an override over both', () => {
    const config = loadConfig({ ...base, ...liveperson, LETHE_LIVEPERSON_MONTHLY_QUOTA: '250' });
    expect(governorInputsOf(config, standardTiming).liveperson?.policy.monthlyQuota).toBe(250);
    expect(
      governorInputsOf(config, standardTiming, { monthlyQuota: { liveperson: 7 } }).liveperson?.policy
        .monthlyQuota,
    ).toBe(7);
  });

  it('sets up none for platforms without a quota', () => {
    expect(governorInputsOf(loadConfig({ ...base, ...genesys }), standardTiming)).toEqual({});
  });
});
