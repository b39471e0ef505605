import { randomUUID as uuid } from 'node:crypto';
import type { DemoSeeder } from '../kit/demo-person';
import type { GenesysAdminClient } from './admin-client';

const DAY = 86_400_000;

/** What the demo's person left on Genesys Cloud, for the tests that look closer. */
export interface GenesysDemoDetails {
  readonly personalValues: string[];
  readonly activeInteractionId: string;
  readonly heldRecordingId: string;
  readonly bystanderValues: string[];
}

/**
 * The demo's person on Genesys Cloud: an external contact with the work email and the phone; a recorded
 * call, an email from the home address (on no contact), one from an old address linked to the contact,
 * a call still going on, and a second recorded call whose recording is under the org's legal hold until
 * day 8 (the API shows no hold); a bystander.
 */
export const demoSeeder: DemoSeeder<GenesysAdminClient> = {
  async seed(admin, person) {
    const { tag, workEmail, homeEmail, oldEmail, phone, bystanderPhone } = person;
    const now = await admin.now();
    const ago = (days: number): number => now - days * DAY;
    const [contactId, call, mail, old, live, held, recording, heldRecording, bystander] = Array.from(
      { length: 9 },
      () => uuid(),
    ) as [string, string, string, string, string, string, string, string, string];
    await admin.seed({
      contacts: [
        { id: contactId, firstName: 'Ada', lastName: person.lastName, emails: [workEmail], phones: [phone] },
        { id: bystander, firstName: 'Grace', lastName: 'Hopper', phones: [bystanderPhone] },
      ],
      conversations: [
        {
          id: call,
          mediaType: 'voice',
          start: ago(12),
          end: ago(12) + 600_000,
          customer: { name: 'Ada', phone },
          recordings: [{ id: recording }],
        },
        {
          id: mail,
          mediaType: 'email',
          start: ago(30),
          end: ago(30) + 60_000,
          customer: { name: 'Ada', email: homeEmail },
        },
        {
          id: old,
          mediaType: 'email',
          start: ago(200),
          end: ago(200) + 60_000,
          customer: { name: 'Ada L.', email: oldEmail, externalContactId: contactId },
        },
        { id: live, mediaType: 'voice', start: ago(0.01), customer: { name: 'Ada', phone } },
        {
          id: held,
          mediaType: 'voice',
          start: ago(60),
          end: ago(60) + 900_000,
          customer: { name: 'Ada', phone },
          recordings: [{ id: heldRecording, legalHold: true }],
        },
        {
          id: uuid(),
          mediaType: 'voice',
          start: ago(3),
          end: ago(3) + 300_000,
          customer: { name: 'Grace Hopper', phone: bystanderPhone },
        },
      ],
    });
    const details: GenesysDemoDetails = {
      personalValues: [workEmail, homeEmail, phone, oldEmail, `Lovelace-${tag}`],
      activeInteractionId: live,
      heldRecordingId: heldRecording,
      bystanderValues: [bystanderPhone],
    };
    return {
      identifiers: [],
      personalValues: details.personalValues,
      described: [
        '1 external contact, 4 ended interactions over 3 emails and',
        'a phone, 1 call going on, 2 recordings: one kept under the',
        "org's legal hold until day 8 (Genesys shows no hold: Lethe",
        'sees it still there after its request, and reports it held)',
      ],
      exportedConversations: [],
      details,
      async endActive() {
        await admin.endConversation(live);
      },
      later: [
        {
          day: 8,
          async run() {
            await admin.releaseRecording(heldRecording);
          },
        },
      ],
      async leftBehind() {
        return {
          remaining: (await admin.remaining(details.personalValues)).length,
          bystandersIntact: (await admin.remaining(details.bystanderValues)).length > 0,
        };
      },
    };
  },
};
