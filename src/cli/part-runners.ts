import { Argument, type Command, Option } from 'commander';
import { loadConfig } from '../config';
import { platformIds } from '../domain/platforms';
// Light (admin clients over fetch): imported, not required lazily like the parts that run.
import { seedDemoPerson } from '../local/demo/seed';
import { usageError } from './exit-codes';
import { parsePositiveInt } from './flags';
import type { SafeIo } from './io';

/**
 * The parts of Lethe, each run as this process until SIGINT/SIGTERM: the worker, a platform simulator,
 * the codec server and the demo. Required lazily, so that `lethe status` need not load the worker or
 * DuckDB (a platform's own parts are then found by its id with `import()`, which the bin hooks too).
 */
export function registerPartRunners(lethe: Command, env: NodeJS.ProcessEnv, io: SafeIo): void {
  lethe
    .command('worker')
    .description('run an erasure worker on the configured Temporal server (stops gracefully on SIGTERM)')
    .action(async () => {
      const { run } = require('../worker') as typeof import('../worker');
      await run(loadConfig(env));
    });

  lethe
    .command('simulator')
    .description('run a platform simulator, for trying Lethe without a real account')
    .addArgument(new Argument('<platform>', 'which platform').choices(platformIds))
    .addOption(
      new Option(
        '--port <port>',
        'listen here (default: the platform’s usual port; 0: any free one)',
      ).argParser((v: string) => (v === '0' ? 0 : parsePositiveInt(v))),
    )
    .action(async (platform: (typeof platformIds)[number], opts: { port?: number }) => {
      const { simulatorRunner, portOf, bindHostOf } =
        require('../simulator/runners') as typeof import('../simulator/runners');
      const { runSimulator } = require('../simulator/kit/main') as typeof import('../simulator/kit/main');
      const runner = await simulatorRunner(platform);
      await runSimulator(runner.name, () => runner.start(opts.port ?? portOf(runner, env), bindHostOf(env)));
    });

  lethe
    .command('codec-server')
    .description('run the codec server that decrypts payloads for the Temporal Web UI (LETHE_CODEC_SERVER_*)')
    .action(async () => {
      const { runCodecServer } = require('../codec/main') as typeof import('../codec/main');
      await runCodecServer(loadConfig(env));
    });

  lethe
    .command('intake')
    .description(
      'run the intake service: requests from a privacy tool (LETHE_INTAKE_*), their status reported back',
    )
    .action(async () => {
      const { runIntake } = require('../intake/service') as typeof import('../intake/service');
      await runIntake(loadConfig(env));
    });

  lethe
    .command('demo')
    .description(
      'the whole thing on embedded defaults: dev server + Web UI, simulators, warehouse, one erasure',
    )
    .option('--keep', 'leave everything running afterwards to explore the Web UI')
    .addOption(
      new Option(
        '--intake <tool>',
        "the request arrives from a privacy tool's simulator, and its dashboard is shown",
      ).choices(['transcend', 'ketch', 'onetrust']),
    )
    .action(async (opts: { keep?: boolean; intake?: 'transcend' | 'ketch' | 'onetrust' }) => {
      const { runDemo } = require('../local/demo/run') as typeof import('../local/demo/run');
      await runDemo({ keep: opts.keep ?? false, ...(opts.intake ? { intake: opts.intake } : {}) });
    });

  lethe
    .command('demo-seed')
    .description(
      "seed a new made-up person into a kept demo's simulators (after `. .lethe/demo/cli.env`), and write their request",
    )
    .option('--tag <name>', 'a name for the person (lower-case letters, digits, dashes)', 'guest')
    .action(async (opts: { tag: string }) => {
      const seeded = await seedDemoPerson(env, opts.tag).catch((err: unknown) => {
        throw err instanceof RangeError ? usageError(err.message) : err;
      });
      io.out(`seeded "${opts.tag}" on ${seeded.platforms.join(', ')} (made-up data, in the simulators only)`);
      io.out(`  erase them: npx lethe erase --file ${seeded.requestFile}`);
    });
}
