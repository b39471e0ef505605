/**
 * The deployment files, checked without Docker: docker-compose.yml against itself and against the code
 * (simulator ports, codec server modes, search attributes, configuration variables), the scripts'
 * syntax, and the Dockerfile's shape. The compose file is read by a small parser of the YAML subset it
 * is written in; anything outside that subset (anchors, block scalars, flow maps) fails the test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { SearchAttributeType } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../src/config';
import { platformIds } from '../../src/domain/platforms';
import { defaultChatbotSimulatorOptions } from '../../src/simulator/chatbot/options';
import { defaultGenesysOptions } from '../../src/simulator/genesys/options';
import { defaultSimulatorOptions } from '../../src/simulator/liveperson/options';
import { simulatorRunner } from '../../src/simulator/runners';
import { defaultZendeskOptions } from '../../src/simulator/zendesk/options';
import { letheSearchAttributes } from '../../src/workflows/search-attributes';

const ROOT = join(__dirname, '../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

type Yaml = string | null | Yaml[] | { [key: string]: Yaml };
interface Line {
  readonly indent: number;
  readonly text: string;
}

/** Block maps, block sequences of scalars, flow sequences, plain and quoted scalars; nothing else. */
function parseYaml(source: string): Yaml {
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    let quote = '';
    let end = raw.length;
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i] as string;
      if (quote) quote = c === quote ? '' : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === 0 || raw[i - 1] === ' ')) {
        end = i;
        break;
      }
    }
    const text = raw.slice(0, end).trimEnd();
    if (text.trim()) lines.push({ indent: text.length - text.trimStart().length, text: text.trim() });
  }
  let at = 0;
  const scalar = (s: string): Yaml => {
    if (/^[&*|>{!%@`]/.test(s)) throw new Error(`unsupported YAML: ${s}`);
    if (s.startsWith('"')) return JSON.parse(s) as string;
    if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
    if (s.startsWith('['))
      return s === '[]'
        ? []
        : (s
            .slice(1, -1)
            .split(',')
            .map((p) => scalar(p.trim())) as Yaml[]);
    return s;
  };
  const block = (indent: number): Yaml => {
    if ((lines[at] as Line).text.startsWith('-')) {
      const out: Yaml[] = [];
      while (at < lines.length && lines[at]?.indent === indent && lines[at]?.text.startsWith('- '))
        out.push(scalar((lines[at++] as Line).text.slice(2).trim()));
      return out;
    }
    const out: Record<string, Yaml> = {};
    while (at < lines.length && (lines[at] as Line).indent === indent) {
      const m = /^([^\s"'[\]{}:-][^:]*?):(?:\s+(.+))?$/.exec((lines[at] as Line).text);
      if (!m) throw new Error(`unsupported YAML line: ${(lines[at] as Line).text}`);
      const key = m[1] as string;
      if (key in out) throw new Error(`duplicate key ${key}`);
      at++;
      const next = lines[at];
      out[key] = m[2] !== undefined ? scalar(m[2]) : next && next.indent > indent ? block(next.indent) : null;
    }
    if (at < lines.length && (lines[at] as Line).indent > indent)
      throw new Error(`bad indentation: ${(lines[at] as Line).text}`);
    return out;
  };
  const doc = block(0);
  if (at !== lines.length) throw new Error(`unparsed YAML from: ${(lines[at] as Line).text}`);
  return doc;
}

type Service = {
  image?: string;
  build?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  healthcheck?: Record<string, Yaml>;
  restart?: string;
  stop_grace_period?: string;
};
const compose = parseYaml(read('docker-compose.yml')) as { services: Record<string, Service> };
const services = compose.services;
const entries = Object.entries(services);

/** `${NAME:-default}` → its default; anything else unchanged. */
const withDefaults = (v: string): string => v.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
/** The host file a container path comes from, through the service's bind mounts. */
function hostPath(service: Service, containerPath: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [source = '', target = ''] = withDefaults(volume).split(':');
    if (source.startsWith('.') && containerPath.startsWith(`${target}/`))
      return join(ROOT, source, posix.relative(target, containerPath));
  }
  return undefined;
}
const envExample = read('deploy/lethe.env.example');
/** Every NAME=value the example names, set or commented out. */
const exampleVars = new Map(
  [...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]),
);

describe('docker-compose.yml', () => {
  it('defines the cluster, the UI, the worker, the codec server and the simulators', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'lethe-worker', 'lethe-codec-server']),
    );
    expect(entries.filter(([, s]) => s.profiles?.includes('simulators'))).toHaveLength(platformIds.length);
  });

  it('depends only on defined services, in a state they can reach, never on an optional profile', () => {
    for (const [name, service] of entries)
      for (const [dep, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dep];
        expect(target, `${name} depends on ${dep}`).toBeDefined();
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') expect(target?.healthcheck, `${dep} healthcheck`).toBeDefined();
        // A one-shot job that restarts forever never completes.
        if (condition === 'service_completed_successfully')
          expect(target?.restart ?? 'no', `${dep} restart`).toMatch(/^(no|on-failure(:\d+)?)$/);
        if (!service.profiles) expect(target?.profiles, `${name} → ${dep}`).toBeUndefined();
      }
  });

  it('uses temporalio/server and admin-tools at one version variable, and no auto-setup image', () => {
    const images = entries.map(([, s]) => s.image ?? '');
    expect(images.some((i) => i.includes('auto-setup'))).toBe(false);
    const temporal = images.filter((i) => /^temporalio\/(server|admin-tools):/.test(i));
    expect(temporal.length).toBeGreaterThanOrEqual(3);
    const tags = new Set(temporal.map((i) => i.slice(i.indexOf(':') + 1)));
    expect(tags.size).toBe(1);
    expect([...tags][0]).toMatch(/^\$\{TEMPORAL_VERSION:-\d+\.\d+\.\d+\}$/);
  });

  it('runs scripts and reads the dynamic config from files that exist in the repository', () => {
    let checked = 0;
    for (const [name, service] of entries) {
      const script = service.command?.[0];
      if (script?.startsWith('/')) {
        expect(existsSync(hostPath(service, script) ?? ''), `${name}: ${script}`).toBe(true);
        checked++;
      }
      const dynamic = service.environment?.DYNAMIC_CONFIG_FILE_PATH;
      if (dynamic) expect(existsSync(hostPath(service, dynamic) ?? ''), `${name}: ${dynamic}`).toBe(true);
    }
    expect(checked).toBe(2);
  });

  it('runs every Lethe part from this repository’s image, as commands the CLI has', () => {
    const lethe = entries.filter(([, s]) => s.build !== undefined);
    // The worker, the codec server, the intake, and a simulator per platform.
    expect(lethe.length).toBe(3 + platformIds.length);
    for (const [name, service] of lethe) {
      expect(service.build, name).toBe('.');
      expect(['worker', 'codec-server', 'simulator', 'intake'], name).toContain(service.command?.[0]);
      if (service.command?.[0] !== 'simulator') expect(service.env_file, name).toBe('deploy/lethe.env');
    }
    expect(existsSync(join(ROOT, `${services['lethe-worker']?.env_file}.example`))).toBe(true);
  });

  it('serves each simulator on the port its runner reads, where the example env points the worker', async () => {
    const urls: Record<string, string[]> = {
      liveperson: ['LETHE_LIVEPERSON_DOMAIN_API_URL'],
      genesys: ['LETHE_GENESYS_API_URL', 'LETHE_GENESYS_LOGIN_URL'],
      chatbot: ['LETHE_CHATBOT_BASE_URL'],
      zendesk: ['LETHE_ZENDESK_BASE_URL', 'LETHE_ZENDESK_MESSAGING_URL'],
    };
    for (const platform of platformIds) {
      const found = entries.find(([, s]) => s.command?.[0] === 'simulator' && s.command[1] === platform);
      expect(found, platform).toBeDefined();
      const [name, service] = found as [string, Service];
      const runner = await simulatorRunner(platform);
      const port = service.environment?.[runner.portVariable];
      expect(port, `${name} ${runner.portVariable}`).toBeDefined();
      expect(service.ports).toContain(`127.0.0.1:${port}:${port}`);
      // A simulator on loopback only is unreachable from the worker's container.
      expect(service.environment?.LETHE_SIMULATOR_HOST).toBe('0.0.0.0');
      for (const variable of urls[platform] ?? [])
        expect(new URL(exampleVars.get(variable) ?? '').host, variable).toBe(`${name}:${port}`);
    }
    expect(exampleVars.get('LETHE_LIVEPERSON_ACCOUNT_ID')).toBe(defaultSimulatorOptions.accountId);
    expect(exampleVars.get('LETHE_GENESYS_CLIENT_ID')).toBe(defaultGenesysOptions.clientId);
    expect(exampleVars.get('LETHE_CHATBOT_UCI_KEY')).toBe(defaultChatbotSimulatorOptions.uciKey);
    expect(exampleVars.get('LETHE_ZENDESK_EMAIL')).toBe(defaultZendeskOptions.agentEmail);
    expect(exampleVars.get('LETHE_ZENDESK_MESSAGING_APP_ID')).toBe(defaultZendeskOptions.messagingAppId);
  });

  it('runs the codec server where the Web UI’s browser can reach it, as the codec server allows', () => {
    const codec = services['lethe-codec-server'] as Service;
    const env = codec.environment ?? {};
    // src/codec/server.ts refuses a local-mode server on anything but loopback.
    expect(env.LETHE_CODEC_SERVER_HOST).toBe('0.0.0.0');
    expect(env.LETHE_CODEC_SERVER_MODE).toBe('production');
    for (const file of ['LETHE_CODEC_TLS_CERT', 'LETHE_CODEC_TLS_KEY', 'LETHE_CODEC_JWT_PUBLIC_KEY'])
      expect(hostPath(codec, env[file] ?? ''), file).toBeDefined();
    const ui = (services['temporal-ui'] as Service).environment ?? {};
    const endpoint = new URL(withDefaults(ui.TEMPORAL_CODEC_ENDPOINT ?? ''));
    expect(Object.keys(services)).not.toContain(endpoint.hostname);
    if (ui.TEMPORAL_CODEC_PASS_ACCESS_TOKEN === 'true') expect(endpoint.protocol).toBe('https:');
    expect(codec.ports).toContain(`127.0.0.1:${endpoint.port}:${env.LETHE_CODEC_SERVER_PORT}`);
    const uiPort = (services['temporal-ui'] as Service).ports?.[0]?.split(':')[1];
    expect(withDefaults(env.LETHE_CODEC_ALLOWED_ORIGINS ?? '')).toBe(`http://localhost:${uiPort}`);
  });

  it('probes the worker’s readiness on the port its health server binds', () => {
    const worker = services['lethe-worker'] as Service;
    const port = worker.environment?.LETHE_HEALTH_ADDRESS?.split(':').at(-1);
    expect(port).toMatch(/^\d+$/);
    expect(String(worker.healthcheck?.test)).toContain(`http://127.0.0.1:${port}/readyz`);
  });

  it('gives a stopping worker longer than its drain time', () => {
    const grace = withDefaults(services['lethe-worker']?.stop_grace_period ?? '');
    expect(grace).toMatch(/^\d+s$/);
    expect(Number.parseInt(grace, 10) * 1000).toBeGreaterThan(
      Number(exampleVars.get('LETHE_SHUTDOWN_GRACE_MS')),
    );
  });
});

describe('deploy/temporal scripts', () => {
  const scripts = ['deploy/temporal/setup-postgres.sh', 'deploy/temporal/create-namespace.sh'];

  it.each(scripts)('%s is valid bash and POSIX sh', (script) => {
    execFileSync('bash', ['-n', join(ROOT, script)]);
    execFileSync('sh', ['-n', join(ROOT, script)]);
  });

  it('registers every search attribute the workflows upsert, with its type', () => {
    const cliType: Record<string, string> = {
      [SearchAttributeType.KEYWORD]: 'Keyword',
      [SearchAttributeType.DATETIME]: 'Datetime',
      [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
      [SearchAttributeType.BOOL]: 'Bool',
      [SearchAttributeType.TEXT]: 'Text',
      [SearchAttributeType.INT]: 'Int',
      [SearchAttributeType.DOUBLE]: 'Double',
    };
    const text = read('deploy/temporal/create-namespace.sh');
    const registered = [...text.matchAll(/--name (\S+) --type (\S+)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(registered.sort()).toEqual(
      letheSearchAttributes.map((k) => `${k.name}:${cliType[k.type]}`).sort(),
    );
  });
});

describe('deploy/lethe.env.example', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  const code = sources(join(ROOT, 'src')).map((f) => readFileSync(f, 'utf8'));
  const lethe = new Set<string>(Object.values(ENVIRONMENT));
  const temporal = read('node_modules/@temporalio/envconfig/lib/envconfig-toml.js');
  const otel = read('node_modules/@opentelemetry/core/build/src/utils/environment.js');

  /** A variable Temporal's client settings, OpenTelemetry or Lethe's own code reads. */
  const known = (name: string): boolean =>
    name.startsWith('TEMPORAL_')
      ? temporal.includes(`'${name}'`)
      : name.startsWith('OTEL_')
        ? otel.includes(name)
        : lethe.has(name) || code.some((c) => c.includes(`'${name}'`) || c.includes(`.${name}`));

  it('names only variables something reads', () => {
    expect(exampleVars.size).toBeGreaterThan(40);
    for (const name of exampleVars.keys()) expect(known(name), name).toBe(true);
  });

  it("and so do the environments docker-compose.yml gives Lethe's own containers", () => {
    const own = entries.filter(([, service]) => service.build !== undefined);
    expect(own.length).toBeGreaterThanOrEqual(5); // worker, codec server, a simulator per platform
    for (const [name, service] of own)
      for (const variable of Object.keys(service.environment ?? {}))
        expect(known(variable), `${name}: ${variable}`).toBe(true);
  });

  it('names every variable of the configuration', () => {
    for (const name of lethe) expect(exampleVars.has(name), name).toBe(true);
  });

  it('ships no secret: every key is left empty or commented out', () => {
    for (const name of ['LETHE_SUBJECT_HMAC_KEY', 'LETHE_CODEC_KEYS', 'LETHE_CERT_SIGNING_KEY'])
      expect(envExample).toMatch(new RegExp(`^${name}=$`, 'm'));
    expect(envExample).not.toMatch(/PRIVATE KEY|^TEMPORAL_API_KEY=./m);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const ignored = read('.dockerignore')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));

  it('builds on Node 24 (glibc) with the locked dependencies and runs as non-root', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    const user = [...dockerfile.matchAll(/^USER (\S+)$/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "bin\/lethe\.js"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["worker"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
  });

  it('runs compiled code: dist/ built in a stage of its own, no src/ and no tsx in the image', () => {
    const stages = dockerfile.split(/^FROM /m).slice(1);
    const build = stages.find((stage) => /\bAS build\b/.test(stage.split('\n')[0] ?? ''));
    expect(build).toMatch(/^RUN bash scripts\/build\.sh$/m);
    const final = stages.at(-1) ?? '';
    expect(final).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(final).not.toMatch(/^COPY .*\bsrc\b/m);
    expect(final).not.toMatch(/tsconfig/);
    // bin/lethe.js runs dist/ wherever there is no src/ beside it.
    expect(read('bin/lethe.js')).toMatch(/require\('\.\.\/dist\/cli\/lethe\.js'\)/);
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
  });

  it('has a build context that holds what the stages copy, and no secret', () => {
    for (const path of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'bin',
      'src',
    ])
      expect(ignored, path).not.toContain(path);
    // scripts/ stays out, except the build script the build stage runs.
    expect(ignored).toContain('scripts');
    expect(ignored).toContain('!scripts/build.sh');
    for (const path of ['node_modules', 'dist', '.env', '*.pem', '*.key'])
      expect(ignored, path).toContain(path);
  });
});
