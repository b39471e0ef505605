/**
 * Warehouse clean-up inside the erasure (time-skipping, real defaults): after the platforms confirm,
 * the subject's copies go; a week later the late-copy pass finds what arrived since — but not while a
 * legal hold is in place: it waits for the release, then cleans.
 */
import { describe, expect, it } from 'vitest';
import { WarehouseTableSchema } from '../../src/domain/warehouse';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { DuckDbDatabase } from '../../src/warehouse/duckdb';
import { Warehouse } from '../../src/warehouse/warehouse';
import { progressQuery } from '../../src/workflows/definitions';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

describe('warehouse clean-up in the erasure', () => {
  it('cleans after the platforms, holds the late-copy pass under a legal hold, and cleans after release', async () => {
    const db = await DuckDbDatabase.open('duckdb');
    await db.run('CREATE TABLE exports (email TEXT, note TEXT)');
    const warehouse = new Warehouse([
      {
        db,
        tables: [
          WarehouseTableSchema.parse({
            table: 'exports',
            match: { email: ['email'] },
            action: { type: 'delete' },
          }),
        ],
      },
    ]);
    try {
      const x = await suite.harness({}, { warehouse });
      const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'dw');
      await x.admin.closeConversation(subject.activeConversationId);
      const email = subject.request.identifiers[0]?.value ?? '';
      await db.run('INSERT INTO exports VALUES ($1, $2), ($3, $4)', [
        email,
        'copy',
        'grace@example.org',
        'bystander',
      ]);

      const result = await x.run(async () => {
        const { workflowId, handle } = await x.client.start(subject.request);
        await suite.env.sleep('32d'); // platforms confirmed by day 30; the first pass ran, the late one not yet
        expect((await handle.query(progressQuery)).phase).toBe('cleaning_downstream');
        expect(await db.rows('SELECT email FROM exports')).toEqual([{ email: 'grace@example.org' }]);
        await x.client.placeHold(workflowId, { by: 'legal@controller.example', reason: 'litigation' });
        await db.run('INSERT INTO exports VALUES ($1, $2)', [email, 'late copy']);
        await suite.env.sleep('10d'); // past the late-copy window: held, so nothing deleted
        expect((await handle.query(progressQuery)).phase).toBe('on_hold');
        expect((await db.rows('SELECT note FROM exports ORDER BY note')).map((r) => r.note)).toEqual([
          'bystander',
          'late copy',
        ]);
        await x.client.releaseHold(workflowId, { by: 'legal@controller.example', reason: 'settled' });
        return suite.finish(handle);
      });

      expect(result.outcome).toBe('completed');
      expect(result.downstream.map((p) => [p.pass, p.tables[0]?.rows, p.tables[0]?.remaining])).toEqual([
        ['after_platforms', 1, 0],
        ['late_copies', 1, 0],
      ]);
      expect(await db.rows('SELECT email FROM exports')).toEqual([{ email: 'grace@example.org' }]);
      expect(result.deadline.expectedCompletion).toBe(result.downstream[0]?.at);
    } finally {
      await warehouse.close();
    }
  });
});
