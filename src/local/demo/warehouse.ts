import { platformRegistry } from '../../domain/platforms';
import { WarehouseTableSchema } from '../../domain/warehouse';
import { DuckDbDatabase } from '../../warehouse/duckdb';
import { Warehouse } from '../../warehouse/warehouse';
import type { SeededPerson } from './scenario';

/**
 * The demo's embedded warehouse (DuckDB in memory): conversation exports, whose copies of the subject
 * are deleted, and CRM contacts, whose identifying columns are redacted.
 */
export async function openDemoWarehouse(): Promise<{ warehouse: Warehouse; db: DuckDbDatabase }> {
  const db = await DuckDbDatabase.open('duckdb');
  await db.run('CREATE TABLE chat_exports (conversation_id TEXT, customer_email TEXT, transcript TEXT)');
  await db.run('CREATE TABLE crm_contacts (email TEXT, phone TEXT, full_name TEXT, segment TEXT)');
  const warehouse = new Warehouse([
    {
      db,
      tables: [
        WarehouseTableSchema.parse({
          table: 'chat_exports',
          match: {
            // Every platform's conversations: exports of any of them land here.
            conversation_id: platformRegistry
              .filter((p) => (p.recordKinds as readonly string[]).includes('conversation'))
              .map((p) => `${p.id}.conversation`),
            customer_email: ['email'],
          },
          action: { type: 'delete' },
        }),
        WarehouseTableSchema.parse({
          table: 'crm_contacts',
          match: { email: ['email'], phone: ['phone'] },
          action: { type: 'redact', columns: ['email', 'phone', 'full_name'] },
        }),
      ],
    },
  ]);
  return { warehouse, db };
}

/** Copies of the subject's data in the warehouse (and a bystander's): what the clean-up must find. */
export async function seedDemoWarehouse(db: DuckDbDatabase, subject: SeededPerson): Promise<void> {
  const { workEmail, homeEmail, phone } = subject.person;
  for (const seeded of Object.values(subject.on))
    for (const id of seeded.exportedConversations)
      await db.run('INSERT INTO chat_exports VALUES ($1, NULL, $2)', [id, 'exported transcript']);
  await db.run('INSERT INTO chat_exports VALUES ($1, $2, $3)', ['export-77', homeEmail, 'mailed transcript']);
  await db.run('INSERT INTO chat_exports VALUES ($1, $2, $3)', [
    'export-78',
    'grace@example.org',
    'not hers',
  ]);
  await db.run('INSERT INTO crm_contacts VALUES ($1, $2, $3, $4)', [workEmail, phone, 'Ada Lovelace', 'vip']);
  await db.run('INSERT INTO crm_contacts VALUES ($1, $2, $3, $4)', [
    'grace@example.org',
    '+447700900999',
    'Grace Hopper',
    'new',
  ]);
}
