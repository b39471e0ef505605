/**
 * The certificate page in headless Chromium (issue 16), at a desktop's 1280 px and a phone's 375 px:
 * the verdict first, in words; nothing wider than the page (long chatbot ids and digests wrap); a print
 * stylesheet. Screenshots go to the test's output (.lethe/test-results/) for the README.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCertificateHtml } from '../../src/certificate/html';
import { recordDigest } from '../../src/certificate/signing';
import { Secret } from '../../src/config/secret';
import { buildCertificate } from '../../src/domain/certify';
import type { ErasureResult } from '../../src/domain/result';
import { LOCAL_CERT_SIGNER } from '../../src/local/local-keys';
import { platformResult } from '../helpers/results';

/** The little of the DOM the page functions touch: the project type-checks without the DOM library. */
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelector(selector: string): { innerText: string } | null;
};

const RESULTS_DIR = join(__dirname, '..', '..', '.lethe', 'test-results');
const T0 = '2026-12-01T09:15:42.123Z';
const T1 = '2026-12-29T17:03:08.456Z';
/** A chatbot's conversation reference: one long word, the kind that overflowed the page. */
const LONG = `conv-${'7f3a9c1e5b'.repeat(12)}`;

const system = platformResult;

const result: ErasureResult = {
  requestId: 'DSR-2041',
  subjectRef: 'a'.repeat(64),
  requestedBy: 'privacy-desk@controller.example',
  reason: 'GDPR Art. 17 request received by email',
  outcome: 'completed',
  reasons: [],
  receivedAt: T0,
  finishedAt: T1,
  timeline: [
    { phase: 'resolving', at: T0 },
    { phase: 'waiting_for_active', at: T0 },
    { phase: 'awaiting_platform', at: T0 },
    { phase: 'completed', at: T1 },
  ],
  platforms: {
    liveperson: system({
      erased: { conversation: ['c1', 'c2'], consumer: ['u1'] },
      requests: [
        {
          requestId: '127001',
          kind: 'conversation',
          records: 2,
          submittedAt: T0,
          closedAt: T1,
          verifications: [{ at: T1, requestStatus: 'DONE', present: 0, confirmed: 2 }],
        },
      ],
    }),
    genesys: system({
      verdict: 'erased_except_held',
      erased: { conversation: ['g1'], externalContact: ['x1'] },
      held: [
        {
          kind: 'recording',
          id: 'r1',
          reason: 'the organisation keeps call recordings for seven years',
          since: T0,
          lastSeen: T1,
        },
      ],
      retained: [
        { data: 'telephony call detail records', reason: 'kept by law for billing and fraud investigation' },
      ],
    }),
    chatbot: system({
      erased: { conversation: [LONG] },
      requests: [
        {
          requestId: LONG,
          kind: 'conversation',
          records: 1,
          ids: [LONG],
          submittedAt: T0,
          closedAt: T1,
          verifications: [],
        },
      ],
    }),
  },
  identifiers: [{ kind: 'email', value: 'ada@example.com', provenance: 'request' }],
  deadline: { deadline: '2026-12-31T09:15:42.123Z', meetsDeadline: true },
  stoppedAtHardStop: false,
  holds: [],
  downstream: [],
};

const page = renderCertificateHtml(
  LOCAL_CERT_SIGNER.sign(
    buildCertificate(result, T1, recordDigest(new Secret('certificate-page-digest-key-0123456789'))),
  ),
);

let browser: Browser;
beforeAll(async () => {
  const executablePath = process.env.LETHE_TEST_CHROMIUM;
  if (!executablePath) throw new Error('LETHE_TEST_CHROMIUM is not set: run scripts/test.sh');
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('the certificate page', () => {
  for (const [width, name] of [
    [1280, 'certificate-1280.png'],
    [375, 'certificate-375.png'],
  ] as const) {
    it(`reads as a certificate at ${width} px: the verdict first, human words, nothing wider than the page`, async () => {
      const tab = await browser.newPage();
      await tab.setViewport({ width, height: 900 });
      await tab.setContent(page, { waitUntil: 'load' });
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
      const text = await tab.evaluate(() => document.querySelector('body')?.innerText ?? '');
      const verdict = text.split('\n').find((l) => l.trim() !== '' && l !== 'Certificate of erasure');
      expect(verdict).toBe('Erased everywhere, except what a platform holds (named below) · deadline met');
      expect(text).toContain('Requested by\tprivacy-desk@controller.example');
      expect(text).toContain('Ground\tGDPR Art. 17 request received by email');
      expect(text).toContain('waiting for active\t2026-12-01 09:15:42 UTC');
      expect(text).toContain('Genesys Cloud');
      expect(text).toContain('external contact');
      expect(text).toContain(
        'telephony call detail records: kept by law for billing and fraud investigation',
      );
      expect(text).not.toContain('.123Z');
      expect(text).not.toContain('ada@example.com');
      const { scrollWidth, clientWidth } = await tab.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, 'no horizontal scroll').toBeLessThanOrEqual(clientWidth);
      mkdirSync(RESULTS_DIR, { recursive: true });
      await tab.screenshot({ path: join(RESULTS_DIR, name) as `${string}.png`, fullPage: true });
      await tab.close();
    });
  }

  it('prints: a print stylesheet keeps rows and the verdict whole, black on white', async () => {
    expect(page).toMatch(/@media print\{[^}]*body\{[^}]*color:#000/);
    expect(page).toContain('break-inside:avoid');
    const tab = await browser.newPage();
    await tab.setContent(page, { waitUntil: 'load' });
    const pdf = await tab.pdf({ format: 'A4' });
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    await tab.close();
  });
});
