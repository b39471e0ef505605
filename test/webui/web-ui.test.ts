/**
 * The Temporal Web UI in headless Chromium (Debian's package: scripts/ensure-chromium.sh finds or installs
 * it, scripts/test.sh passes its path in LETHE_TEST_CHROMIUM). An erasure is found in the UI by its
 * `LetheStatus`; its input reads in plain text through the codec server, from either origin the UI is
 * reached at, and once the codec server is gone the UI has nothing but the stored ciphertext to show.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type CodecServer, startCodecServer } from '../../src/codec/server';
import { phases } from '../../src/domain/progress';
import { LOCAL_KEYRING } from '../../src/local/local-keys';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { governorWorkflowId } from '../../src/workflows/definitions';
import { LetheStatus } from '../../src/workflows/search-attributes';
import { devServerSuite } from '../helpers/dev-server-suite';
import { waitUntil } from '../helpers/temporal';

/** The little of the DOM the page functions touch: the project type-checks without the DOM library. */
declare const document: { querySelector(selector: string): { innerText: string } | null };

/** The workflow page's "Input and Results" block (Temporal UI 2.x). */
const INPUT_AND_RESULT = '[data-testid="input-and-result"]';
const PAGE_WAIT_MS = 30_000;
const RESULTS_DIR = join(__dirname, '..', '..', '.lethe', 'test-results');

let codec: CodecServer | undefined;
// The erasure waits in its first activity while the browser looks (15-20 s): its 90-day hard stop, from
// the request, must lie well beyond that, and 200 ms days put it at 18 s.
const suite = devServerSuite({
  dayMs: 500,
  webUi: {
    codecEndpoint: async (uiPort) => {
      // The same origins as the demo: the UI is reached as 127.0.0.1 or as localhost (the dev server prints that).
      codec = await startCodecServer({
        keyring: LOCAL_KEYRING,
        mode: 'local',
        allowedOrigins: [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`],
      });
      return codec.url;
    },
  },
});
afterAll(async () => {
  await codec?.close();
});

// Before the test that closes the codec server: the metadata reads in plain text through it.
describe('the Web UI tells the story (issue 16)', () => {
  it("shows an erasure's summary, details and current details, and its governor's quota and warning", async () => {
    const executablePath = process.env.LETHE_TEST_CHROMIUM;
    if (!executablePath) throw new Error('LETHE_TEST_CHROMIUM is not set: run scripts/test.sh');
    const { x, env } = suite;
    const namespace = env.namespace ?? 'default';
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'story');
    suite.remember([...subject.personalValues, subject.consumerId, subject.bystanderValue]);
    const browser = await launch(executablePath);
    try {
      await x.run(async () => {
        const { workflowId, handle } = await x.client.start(subject.request);
        // Its open conversation keeps it waiting while the browser looks.
        await waitUntil(
          async () => {
            const meta = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
            return meta.currentDetails?.includes('waiting to close') || undefined;
          },
          PAGE_WAIT_MS,
          'current details naming the open conversation',
        );
        const page = await browser.newPage();
        await page.setViewport({ width: 1400, height: 1000 });
        const ui = `http://127.0.0.1:${suite.uiPort}`;
        await onFailure(page, async () => {
          await open(page, `${ui}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`);
          await waitForText(page, 'body', 'User Metadata', 'the workflow page');
          await clickText(page, 'User Metadata');
          const erasure = await waitForFrameText(
            page,
            /liveperson: \d+ found[^\n]*1 waiting to close/,
            "the erasure's current details",
          );
          expect(erasure).toContain(`Erasure · request ${subject.request.requestId} · liveperson · due`);
          expect(erasure).toContain('Steer it with the CLI');
          expect(erasure).toMatch(/liveperson: \d+ found/);
          expect(erasure).toContain('1 waiting to close');
          for (const value of subject.personalValues) expect(erasure).not.toContain(value);
          await screenshot(page, 'web-ui-erasure.png');
          // The timeline names each activity and each wait.
          await clickText(page, 'Timeline');
          const timeline = await waitForFrameText(
            page,
            'verifySubmission • re-verify LivePerson request',
            'named activities',
          );
          expect(timeline).toMatch(
            /check whether open conversations on LivePerson have closed|re-verify LivePerson request \d+, day \d+/,
          );
          await screenshot(page, 'web-ui-timeline.png');

          // The list, with Lethe's search attributes as columns (the README says how to add them).
          await page.evaluate((ns) => {
            (
              globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
            ).localStorage.setItem(
              'namespace-workflow-table-columns',
              JSON.stringify({
                [ns]: ['Status', 'Workflow ID', 'Type', 'LetheStatus', 'LetheDeadline', 'Start'].map(
                  (label) => ({ label }),
                ),
              }),
            );
          }, namespace);
          await open(page, `${ui}/namespaces/${namespace}/workflows`);
          const list = await waitForText(page, 'body', workflowId, 'the erasure in the list');
          // Its row names its phase and deadline: what the static summary cannot show in this list.
          expect(list).toMatch(
            new RegExp(`${workflowId}\\s+erasure\\s+(${phases.join('|')})\\s+\\w{3} \\d+, \\d{4}`),
          );
          await screenshot(page, 'web-ui-list.png');

          const governor = governorWorkflowId('liveperson', x.sim.context.options.accountId);
          await open(page, `${ui}/namespaces/${namespace}/workflows/${encodeURIComponent(governor)}`);
          await waitForText(page, 'body', 'User Metadata', "the governor's page");
          await clickText(page, 'User Metadata');
          const quota = await waitForFrameText(page, 'Quota this month:', "the governor's current details");
          expect(quota).toContain(`Quota governor · liveperson account ${x.sim.context.options.accountId}`);
          expect(quota).toContain('Never cancel, terminate or reset it');
          expect(quota).toMatch(/Quota this month: \d+ of \d+ requests used, \d+ left/);
          await screenshot(page, 'web-ui-governor.png');
        });
        await x.admin.closeConversation(subject.activeConversationId);
        expect((await handle.result()).outcome).toBe('completed');
      });
    } finally {
      await browser.close();
    }
  });
});

describe('the Temporal Web UI', () => {
  it('finds an erasure by LetheStatus and shows its input decoded by the codec server, ciphertext without it', async () => {
    const executablePath = process.env.LETHE_TEST_CHROMIUM;
    if (!executablePath)
      throw new Error(
        'LETHE_TEST_CHROMIUM is not set: run scripts/test.sh, or LETHE_TEST_CHROMIUM=$(bash scripts/ensure-chromium.sh)',
      );
    const { x, env } = suite;
    const namespace = env.namespace ?? 'default';
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'webui');
    suite.remember([...subject.personalValues, subject.consumerId, subject.bystanderValue]);
    await x.admin.closeConversation(subject.activeConversationId);
    const { requestId } = subject.request;
    const emails = subject.request.identifiers.map((i) => i.value);

    const browser = await launch(executablePath);
    // Held in its first activity, the erasure keeps one LetheStatus while the browser looks for it.
    const release = x.gate('resolveIdentities');
    try {
      const result = await x.run(async () => {
        const { workflowId, handle } = await x.client.start(subject.request);
        try {
          const status = await waitUntil(
            async () => (await handle.describe()).typedSearchAttributes.get(LetheStatus),
            PAGE_WAIT_MS,
            'the LetheStatus search attribute',
          );
          const query = `LetheStatus="${status}"`;
          // The list page queries visibility once: wait until visibility answers the same query.
          await waitUntil(
            async () => {
              for await (const w of env.client.workflow.list({ query }))
                if (w.workflowId === workflowId) return true;
              return undefined;
            },
            PAGE_WAIT_MS,
            `visibility to answer ${query}`,
          );
          // What Temporal stores, and what the UI can show without the codec server.
          const raw = await env.client.workflowService.getWorkflowExecutionHistory({
            namespace,
            execution: { workflowId },
          });
          const stored =
            raw.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
          expect(Buffer.from(stored?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
          const ciphertext = Buffer.from(stored?.data ?? []).toString('base64');
          expect(ciphertext.length).toBeGreaterThan(100);

          const page = await browser.newPage();
          await page.setViewport({ width: 1400, height: 1000 });
          await onFailure(page, async () => {
            const ui = `http://127.0.0.1:${suite.uiPort}`;
            // The workflow list, filtered by the search attribute as an operator would.
            await open(page, `${ui}/namespaces/${namespace}/workflows?query=${encodeURIComponent(query)}`);
            const list = await waitForText(page, 'body', workflowId, `the erasure in the list for ${query}`);
            expect(list).toContain(`LetheStatus = "${status}"`);
            // No erasure was cancelled: the same list for another status shows none.
            const none = 'LetheStatus="cancelled"';
            await open(page, `${ui}/namespaces/${namespace}/workflows?query=${encodeURIComponent(none)}`);
            expect(
              await waitForText(page, 'body', 'No Workflows', `an empty list for ${none}`),
            ).not.toContain(workflowId);

            // The workflow page with the codec server: the input in plain text, no ciphertext.
            for (const origin of [ui, `http://localhost:${suite.uiPort}`]) {
              await open(
                page,
                `${origin}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`,
              );
              const input = await waitForText(
                page,
                INPUT_AND_RESULT,
                requestId,
                `the decoded input on ${origin}`,
              );
              expect(input).toContain(`"requestId": "${requestId}"`);
              for (const email of emails) expect(input).toContain(email);
              expect(input).toContain(subject.request.reason);
              expect(input).not.toContain(ciphertext);
              expect(input).not.toContain('binary/encrypted');
            }

            // Without the codec server the UI has only what Temporal stores: the ciphertext.
            await codec?.close();
            await page.reload({ waitUntil: 'domcontentloaded' });
            const sealed = await waitForText(page, INPUT_AND_RESULT, ciphertext, 'the ciphertext input');
            expect(sealed).not.toContain(requestId);
            for (const email of emails) expect(sealed).not.toContain(email);
            expect(sealed).not.toContain(subject.request.reason);
          });
        } finally {
          release();
        }
        return handle.result();
      });
      expect(result.outcome).toBe('completed');
    } finally {
      release();
      await browser.close();
    }
  });
});

/** Keeps a screenshot in the test's output (.lethe/test-results/), for the README. */
async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: join(RESULTS_DIR, name) as `${string}.png` });
}

/**
 * Waits until some frame of the page shows `text` (the UI renders user metadata's markdown in frames of
 * its own), and returns the text of the page and all its frames.
 */
async function waitForFrameText(page: Page, text: string | RegExp, what: string): Promise<string> {
  const all = async (): Promise<string> => {
    const texts = await Promise.all(
      page.frames().map((f) =>
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
        f.evaluate(() => document.querySelector('body')?.innerText ?? '').catch(() => ''),
      ),
    );
    return texts.join('\n');
  };
  const shows = (t: string): boolean => (typeof text === 'string' ? t.includes(text) : text.test(t));
  return waitUntil(
    async () => {
      const t = await all();
      return shows(t) ? t : undefined;
    },
    PAGE_WAIT_MS,
    what,
  );
}

/** Clicks the first link or button whose text is exactly `text` (a tab on the workflow page). */
async function clickText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const all = (
      document as unknown as { querySelectorAll(s: string): ArrayLike<{ innerText: string; click(): void }> }
    ).querySelectorAll('a, button');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the operator clicks
    for (const el of Array.from(all)) if (el.innerText.trim() === t) return el.click();
  }, text);
}

function launch(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    // Root in a container: no user namespaces for the sandbox, and a small /dev/shm.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

async function open(page: Page, url: string): Promise<void> {
  // Not `networkidle`: the workflow page keeps a long poll for new events open.
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_WAIT_MS });
}

/**
 * Waits until the element's rendered text (`innerText`: what the operator sees, not hidden nodes)
 * contains `text`, and returns that text.
 */
async function waitForText(page: Page, selector: string, text: string, what: string): Promise<string> {
  const textOf = (): Promise<string> =>
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
    page.evaluate((s) => document.querySelector(s)?.innerText ?? '', selector);
  try {
    await page.waitForFunction(
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
      (s, t) => document.querySelector(s)?.innerText.includes(t) ?? false,
      { timeout: PAGE_WAIT_MS, polling: 200 },
      selector,
      text,
    );
  } catch (err) {
    const shown = (await textOf().catch(() => '')).replace(/\s+/g, ' ').slice(0, 2000);
    throw new Error(`${what}: not shown within ${PAGE_WAIT_MS} ms; ${selector} shows: ${shown}`, {
      cause: err,
    });
  }
  return textOf();
}

/** Runs the browser steps; on failure keeps a screenshot in .lethe/test-results/ for debugging. */
async function onFailure(page: Page, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (err) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, 'web-ui-failure.png') as `${string}.png`;
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    // Amended, not wrapped: an assertion's expected/actual diff stays as vitest reports it.
    if (err instanceof Error) err.message += ` (screenshot of ${page.url()}: ${path})`;
    throw err;
  }
}
