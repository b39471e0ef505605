import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { renderCertificateHtml } from '../certificate/html';
import { serializeCertificate } from '../certificate/signing';
import type { ErasureListFilter } from '../client';
import { erasureStatus } from '../client/listing';
import { platformIds } from '../domain/platforms';
import { inline } from '../domain/printable';
import { type ErasureProgress, phases } from '../domain/progress';
import { describeReason } from '../domain/verdict';
import {
  type ErasureCommandContext,
  json,
  type Target,
  targeted,
  withClient,
  withErasure,
} from './command-kit';
import { registerEndedCommands } from './ended-commands';
import { checkEraseDates, type EraseFlags, eraseRequest, MAX_REQUEST_FILE_BYTES } from './erase-request';
import { EXIT, usageError } from './exit-codes';
import {
  collect,
  type IdentifierFlags,
  identifiersFrom,
  parseDuration,
  parsePositiveInt,
  readJson,
} from './flags';
import { checkIdentifiers, checkOperatorText } from './operator-text';
import { erasedEverything, foundNothing, progressLine, renderList, renderProgress } from './render';
import { count } from './words';

export type { ErasureCommandContext } from './command-kit';

/** How status names a derived match (issue 15). */
const MATCH_REF = /^m[1-9]\d{0,5}$/;

const identifierOptions = (cmd: Command): Command =>
  cmd
    .option('--email <address>', 'an email address of the subject (repeatable)', collect, [])
    .option('--phone <number>', 'a phone number, international form (repeatable)', collect, [])
    .option(
      '--identifier <kind=value>',
      'any other identifier as kind=value, e.g. customerId=… or a platform’s own id (repeatable)',
      collect,
      [],
    );

export function registerErasureCommands(lethe: Command, ctx: ErasureCommandContext): void {
  const { io } = ctx;

  identifierOptions(
    lethe
      .command('erase')
      .description('start the erasure of one data subject (or join the one already running)')
      .option('--file <path>', 'the request as JSON (`-` reads standard input); flags below override it')
      .option('--request-id <id>', 'your reference for the request (e.g. the ticket)')
      .option('--subject-key <key>', 'your key for the subject; only its HMAC leaves this process')
      .option('--requested-by <who>', 'who asks for the erasure')
      .option('--reason <text>', 'why (goes into the evidence)')
      .option(
        '--system <platform>',
        `a platform in scope: ${platformIds.join(', ')} (repeatable; default: every configured one)`,
        collect,
        [],
      )
      .option('--received-at <iso>', 'when the request was received (default: now)')
      .option('--deadline <iso>', 'when it is due (default: one month after receipt)')
      .option('--dry-run', 'plan everything, delete nothing')
      .option('--json', 'print {workflowId, joined} as JSON')
      .addHelpText(
        'after',
        '\nFlags show in process lists and shell history: for personal data prefer the request as JSON on\nstandard input, e.g. `lethe erase --file - < request.json`.',
      ),
  ).action(async (opts: EraseFlags & { file?: string; json?: boolean }) => {
    const request = eraseRequest(
      opts,
      opts.file
        ? { path: opts.file, json: readJson(opts.file, 'request', MAX_REQUEST_FILE_BYTES, ctx.readStdin) }
        : undefined,
    );
    checkEraseDates(request, ctx.now());
    await withClient(ctx, async (client) => {
      const started = await client.start(request);
      const added = started.added ?? 0;
      if (opts.json)
        json(io, {
          workflowId: started.workflowId,
          joined: started.joined,
          ...(started.joined ? { added } : {}),
        });
      else if (request.options?.dryRun && !started.joined) {
        // A command to copy is printed whole, even past 80 columns.
        io.out('started a dry run: nothing will be sent or deleted');
        io.out(`  ${started.workflowId}`);
        io.out(`  its plan, once it ends: lethe plan ${started.workflowId}`);
      } else
        io.out(
          `${started.joined ? `joined the running erasure (request linked; ${count(added, 'new identifier')} added)` : 'started'} ${started.workflowId}\n  follow it: lethe watch ${started.workflowId}`,
        );
    });
  });

  targeted(lethe.command('status').description("one erasure's phase, deadline and per-platform counts"))
    .option('--json', 'print the progress as JSON')
    .action(async (erasure: string | undefined, opts: Target & { json?: boolean }) => {
      await withErasure(ctx, erasure, opts, async (client, id) => {
        const [progress, execution] = await Promise.all([client.progress(id), client.execution(id)]);
        const status = erasureStatus(execution, progress.phase);
        if (opts.json) json(io, { workflowId: id, execution, status, progress });
        else
          for (const line of renderProgress(id, progress, execution, { now: ctx.now(), dayMs: client.dayMs }))
            io.out(line);
      });
    });

  registerEndedCommands(lethe, ctx);

  targeted(
    lethe
      .command('watch')
      .description(
        'follow an erasure until it ends; exits 0 if it erased everything, 1 if it ended otherwise',
      ),
  )
    .option('--interval <duration>', 'how often to look (e.g. 500ms, 2s)', parseDuration, 2000)
    .option('--json', 'print one JSON line per change, then the final progress')
    .action(async (erasure: string | undefined, opts: Target & { interval: number; json?: boolean }) => {
      const last = await withErasure(ctx, erasure, opts, async (client, id) => {
        let shown = '';
        for (;;) {
          const execution = await client.execution(id);
          const progress = await client.progress(id);
          const ended = execution !== 'RUNNING';
          const line = progressLine(progress);
          if (opts.json) {
            if (line !== shown || ended)
              json(io, {
                at: new Date().toISOString(),
                execution,
                status: erasureStatus(execution, progress.phase),
                progress,
              });
          } else if (io.tty) {
            // Redraw in place: clear the screen, then the whole status.
            io.redraw(
              renderProgress(id, progress, execution, { now: ctx.now(), dayMs: client.dayMs }).join('\n'),
            );
          } else if (line !== shown) io.out(`${new Date().toISOString()}  ${line}`);
          shown = line;
          if (ended) return { progress, execution };
          await ctx.sleep(opts.interval);
        }
      });
      const ok = last.execution === 'COMPLETED' && erasedEverything(last.progress);
      // How it ended, in one line; in JSON mode on standard error, so the JSON stays JSON. A terminal
      // gets it after the last redraw only when the erasure did not erase everything.
      const end = endLine(last.progress, last.execution, ok);
      if (opts.json) {
        if (!ok) io.err(end);
      } else if (!io.tty || !ok) io.out(end);
      process.exitCode = ok ? EXIT.ok : EXIT.invalid;
    });

  lethe
    .command('list')
    .description('erasures by their search attributes (running ones unless --all or --status)')
    .addOption(new Option('--status <phase>', 'only erasures in this phase').choices(phases))
    .option('--overdue', 'only erasures past their deadline')
    .option('--needs-attention', 'only erasures waiting for an operator (credentials refused)')
    .addOption(
      new Option('--platform <platform>', 'only erasures with this platform in scope').choices(platformIds),
    )
    .option('--all', 'finished erasures too')
    .option('--limit <n>', 'at most this many', parsePositiveInt, 100)
    .option('--wide', 'whole workflow ids and the platforms (wider than 80 columns)')
    .option('--json', 'print the rows as a JSON array')
    .action(
      async (opts: {
        status?: ErasureListFilter['status'];
        overdue?: boolean;
        needsAttention?: boolean;
        platform?: ErasureListFilter['platform'];
        all?: boolean;
        limit: number;
        wide?: boolean;
        json?: boolean;
      }) => {
        const filter: ErasureListFilter = {
          ...(opts.status ? { status: opts.status } : {}),
          ...(opts.overdue ? { overdue: true } : {}),
          ...(opts.needsAttention ? { needsAttention: true } : {}),
          ...(opts.platform ? { platform: opts.platform } : {}),
          ...(opts.all ? { includeClosed: true } : {}),
        };
        const rows = await withClient(ctx, (client) => client.list(filter, opts.limit));
        if (opts.json) json(io, rows);
        else for (const line of renderList(rows, opts.wide)) io.out(line);
      },
    );

  const byAndReason = (cmd: Command): Command =>
    cmd
      .requiredOption('--by <who>', 'who asks (goes into the evidence)')
      .requiredOption('--reason <text>', 'why (goes into the evidence)');

  byAndReason(
    targeted(
      lethe
        .command('cancel')
        .description('stop an erasure; what was sent is withdrawn where the platform allows'),
    ),
  ).action(async (erasure: string | undefined, opts: Target & { by: string; reason: string }) => {
    checkOperatorText(opts);
    await withErasure(ctx, erasure, opts, async (client, id) => {
      await client.cancel(id, { by: opts.by, reason: opts.reason });
      io.out(`asked ${id} to stop; it withdraws what it can and records who and why`);
    });
  });

  byAndReason(
    targeted(
      lethe.command('hold').description('place a legal hold: nothing more is deleted until it is released'),
    ),
  ).action(async (erasure: string | undefined, opts: Target & { by: string; reason: string }) => {
    checkOperatorText(opts);
    await withErasure(ctx, erasure, opts, async (client, id) => {
      await client.placeHold(id, { by: opts.by, reason: opts.reason });
      io.out(`${id} is on hold`);
    });
  });

  byAndReason(
    targeted(lethe.command('release').description('release the legal hold; the erasure goes on')),
  ).action(async (erasure: string | undefined, opts: Target & { by: string; reason: string }) => {
    checkOperatorText(opts);
    await withErasure(ctx, erasure, opts, async (client, id) => {
      await client.releaseHold(id, { by: opts.by, reason: opts.reason });
      io.out(`${id}: hold released`);
    });
  });

  identifierOptions(
    targeted(
      lethe.command('add-identifiers').description('add identifiers to a running erasure; it searches again'),
    ),
  )
    .requiredOption('--by <who>', 'who adds them')
    .action(async (erasure: string | undefined, opts: Target & IdentifierFlags & { by: string }) => {
      const identifiers = identifiersFrom(opts);
      if (identifiers.length === 0) throw usageError('give at least one --email, --phone or --identifier');
      checkIdentifiers(identifiers);
      checkOperatorText({ by: opts.by });
      await withErasure(ctx, erasure, opts, async (client, id) => {
        const { added } = await client.addIdentifiers(id, identifiers, opts.by);
        io.out(`${id}: ${added} new identifier${added === 1 ? '' : 's'} added`);
      });
    });

  targeted(
    lethe.command('retry').description('after fixing credentials: try the platform that needs attention now'),
  )
    .requiredOption('--by <who>', 'who retries')
    .action(async (erasure: string | undefined, opts: Target & { by: string }) => {
      checkOperatorText({ by: opts.by });
      await withErasure(ctx, erasure, opts, async (client, id) => {
        await client.retry(id, opts.by);
        io.out(`${id}: retrying now`);
      });
    });

  targeted(
    lethe
      .command('confirm')
      .description(
        'confirm the derived matches waiting (status lists them as m1, m2, …); --exclude those that are not the subject',
      ),
  )
    .requiredOption('--by <who>', 'who decides')
    .option('--reason <why>', 'why, for the certificate')
    .option('--exclude <refs>', 'derived matches never to erase, comma-separated (m2,m3)')
    .option('--only <refs>', 'confirm only these, comma-separated (the others keep waiting)')
    .action(
      async (
        erasure: string | undefined,
        opts: Target & { by: string; reason?: string; exclude?: string; only?: string },
      ) => {
        checkOperatorText({ by: opts.by, ...(opts.reason !== undefined ? { reason: opts.reason } : {}) });
        // Checked before anything connects; a bad name is never echoed (it may be a pasted value).
        const refs = (flag: string, list: string | undefined): string[] | undefined => {
          if (list === undefined) return undefined;
          const names = list
            .split(',')
            .map((r) => r.trim())
            .filter((r) => r !== '');
          if (names.length === 0 || names.some((r) => !MATCH_REF.test(r)))
            throw usageError(`${flag}: must name derived matches as status does (m1, m2, …)`);
          return names;
        };
        const exclude = refs('--exclude', opts.exclude);
        const confirm = refs('--only', opts.only);
        await withErasure(ctx, erasure, opts, async (client, id) => {
          const decided = await client.confirmMatches(id, {
            by: opts.by,
            ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
            ...(exclude ? { exclude } : {}),
            ...(confirm ? { confirm } : {}),
          });
          const list = (refs: string[]): string => (refs.length > 0 ? refs.join(', ') : 'none');
          io.out(`${id}: confirmed ${list(decided.confirmed)}; excluded ${list(decided.excluded)}`);
        });
      },
    );

  targeted(lethe.command('certificate').description("an ended erasure's signed certificate, as issued"))
    .addOption(new Option('--html', 'render the page for auditors instead').conflicts('json'))
    .option('--json', 'the certificate file itself (the default)')
    .option('--out <file>', 'write it here instead of to standard output')
    .action(async (erasure: string | undefined, opts: Target & { html?: boolean; out?: string }) => {
      const text = await withErasure(ctx, erasure, opts, async (client, id) => {
        const certificate = await client.certificate(id);
        return opts.html ? renderCertificateHtml(certificate) : serializeCertificate(certificate);
      });
      if (opts.out) writeFileSync(opts.out, text);
      // One line-writer call adds the final newline the file already ends with: write it once.
      // Redirected, the certificate is its exact bytes (a verifier checks each); on a terminal, made printable.
      else if (opts.html || io.tty) io.out(text.replace(/\n$/, ''));
      else io.exact(text.replace(/\n$/, ''));
    });
}

/** The last line of `watch`: how it ended, said no more strongly than the outcome allows. */
function endLine(p: ErasureProgress, execution: string, ok: boolean): string {
  return inline(endText(p, execution, ok));
}

function endText(p: ErasureProgress, execution: string, ok: boolean): string {
  if (execution === 'CANCELLED') return 'ended: cancelled through Temporal';
  if (execution !== 'COMPLETED') return `ended: the workflow ${execution.toLowerCase()}`;
  if (p.phase === 'cancelled')
    return `ended: cancelled${p.cancellation ? ` by ${p.cancellation.by}: ${p.cancellation.reason}` : ''}`;
  if (p.phase === 'planned') return 'ended: planned (a dry run: nothing was deleted); see lethe plan';
  if (ok && foundNothing(p))
    return `ended: ${p.phase}; nothing of this subject was found on any platform in scope`;
  const held = platformIds.reduce((n, id) => n + (p.platforms[id]?.held ?? 0), 0);
  if (ok && held > 0)
    return `ended: completed; everything found was verified gone except ${held} record${held === 1 ? '' : 's'} the platform holds (not erased)`;
  if (ok) return `ended: ${p.phase}; everything found was erased`;
  const reasons = (p.reasons ?? []).map(describeReason);
  return `ended: ${p.phase}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`;
}
