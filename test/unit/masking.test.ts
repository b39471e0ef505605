/**
 * Masked means masked (src/connectors/masking.ts): text made only of a platform's placeholder, however
 * repeated or joined (a masked first and last name shown together), is not personal data; anything
 * else beside a placeholder is.
 */
import { describe, expect, it } from 'vitest';
import { LIVEPERSON_PLACEHOLDERS } from '../../src/connectors/liveperson/personal-data';
import { showsPersonalData } from '../../src/connectors/masking';

const lp = LIVEPERSON_PLACEHOLDERS;

describe('showsPersonalData', () => {
  it.each([
    '** LP deleted data **',
    '*** LP deleted data ***',
    '** LP deleted data ** ** LP deleted data **',
    '  ** LP deleted data **   *** LP deleted data *** ',
    '** LP deleted data **, ** LP deleted data **',
    '',
    '   ',
  ])('reads %j as masked', (text) => {
    expect(showsPersonalData(text, lp)).toBe(false);
  });

  it.each([
    'Ann Example',
    '** LP deleted data ** Example',
    'Ann ** LP deleted data **',
    '** LP deleted data **x',
    '+447700900123',
  ])('reads %j as personal data', (text) => {
    expect(showsPersonalData(text, lp)).toBe(true);
  });

  it('takes no value as no data, and a replacement term like a placeholder', () => {
    expect(showsPersonalData(undefined, lp)).toBe(false);
    expect(showsPersonalData(null, lp)).toBe(false);
    expect(showsPersonalData('[erased] [erased]', ['[erased]', 'tel:[erased]'])).toBe(false);
    expect(showsPersonalData('tel:[erased]', ['[erased]', 'tel:[erased]'])).toBe(false);
    expect(showsPersonalData('[erased] Smith', ['[erased]'])).toBe(true);
  });
});
