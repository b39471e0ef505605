import type { Identifier } from '../../domain/identifiers';
import { tagNumbers } from './tag-numbers';

/**
 * The demo's made-up person, decided by a tag alone, as every platform's simulator seeds them: each
 * platform knows them by what it holds (an email, a phone, a member id), as a real company's would.
 */
export interface DemoPerson {
  readonly tag: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly workEmail: string;
  readonly homeEmail: string;
  /** An address they no longer use, linked to them on some platform only. */
  readonly oldEmail: string;
  readonly phone: string;
  /** The company's own key for them (its CRM id). */
  readonly customerId: string;
  /** Their member id, where a platform keys people by one. */
  readonly memberId: string;
  /** A bystander's phone: someone else, whose data must survive. */
  readonly bystanderPhone: string;
  readonly chatId: string;
}

export function demoPerson(tag: string): DemoPerson {
  const { phone, bystanderPhone, chatId } = tagNumbers(tag);
  return {
    tag,
    firstName: 'Ada',
    lastName: `Lovelace-${tag}`,
    workEmail: `ada.${tag}@example.com`,
    homeEmail: `ada.${tag}@home.example.net`,
    oldEmail: `ada.${tag}@old.example.org`,
    phone,
    customerId: `cust-${tag}`,
    memberId: `member-${tag}`,
    bystanderPhone,
    chatId,
  };
}

/** What one platform's seeding of the demo's person left there, and how to check on it. */
export interface SeededPlatform {
  /** Identifiers the request names the person by for this platform, beyond their emails. */
  readonly identifiers: readonly Identifier[];
  /** The person's values this platform holds: none may be left at the end. */
  readonly personalValues: readonly string[];
  /** Lines saying what was seeded, for the demo to print (80 columns, indented by the caller). */
  readonly described: readonly string[];
  /** Conversation ids a company would have exported to its warehouse. */
  readonly exportedConversations: readonly string[];
  /** The platform's own ids and values, for the tests that look closer (typed in test/helpers). */
  readonly details: unknown;
  /** Ends what is still going on (the demo does it a day in). */
  endActive(): Promise<void>;
  /** What the platform does on its own later, by day (the org lets a held recording go). */
  readonly later: ReadonlyArray<{ readonly day: number; run(): Promise<void> }>;
  /** How many records still hold the person's data, and whether every bystander is intact. */
  leftBehind(): Promise<{ readonly remaining: number; readonly bystandersIntact: boolean }>;
}

/** How a platform's simulator seeds the demo's person (`src/simulator/<id>/local.ts`, `demo`). */
export interface DemoSeeder<Admin> {
  /** `settings`: the platform's settings pointing at the simulator (its account, where it has one). */
  seed(
    admin: Admin,
    person: DemoPerson,
    settings: Readonly<Record<string, unknown>>,
  ): Promise<SeededPlatform>;
}
