import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIDES_PATHS } from '../../src/intake/fides/adapter';

const ROOT = join(__dirname, '..', '..');
const config = readFileSync(join(ROOT, 'deploy/fides/lethe-saas-config.yml'), 'utf8');
const dataset = readFileSync(join(ROOT, 'deploy/fides/lethe-dataset.yml'), 'utf8');

describe('the Fides connector Lethe ships (deploy/fides/)', () => {
  it('points Fides at the paths the intake serves, with the callback strategy and its headers on both requests', () => {
    expect(config).toContain(`path: ${FIDES_PATHS.test}`);
    expect(config).toContain(`path: ${FIDES_PATHS.read}`);
    expect(config).toContain(`path: ${FIDES_PATHS.erasure}`);
    expect(config.match(/strategy: callback/g)).toHaveLength(2);
    expect(config.match(/name: reply-to\n\s+value: <reply_to>/g)).toHaveLength(2);
    expect(config.match(/name: reply-to-token\n\s+value: <reply_to_token>/g)).toHaveLength(2);
    expect(config).toMatch(/strategy: bearer\n\s+configuration:\n\s+token: <api_key>/);
  });

  it('declares the dataset the requests refer to: the person, by email identity, its id the primary key', () => {
    expect(config).toContain('field: person.id');
    expect(dataset).toMatch(/- name: person\n/);
    expect(dataset).toMatch(
      /- name: email\n\s+data_categories: \[user\.contact\.email\]\n\s+fides_meta:\n\s+identity: email/,
    );
    expect(dataset).toMatch(/- name: id\n[\s\S]*?primary_key: True/);
  });
});
