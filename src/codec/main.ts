import { readFileSync } from 'node:fs';
import { type Config, keyringOf, loadConfig } from '../config';
import { createLogger } from '../logger';
import { runAsProcess, untilStopSignal } from '../process-lifecycle';
import { JwtVerifier } from './access-token';
import { type CodecServer, startCodecServer } from './server';

/** Starts the codec server the configuration describes (LETHE_CODEC_SERVER_*, LETHE_CODEC_KEYS). */
export function startConfiguredCodecServer(config: Config): Promise<CodecServer> {
  const s = config.codecServer;
  const read = (path: string): string => readFileSync(path, 'utf8');
  return startCodecServer({
    keyring: keyringOf(config),
    mode: s.mode,
    allowedOrigins: s.allowedOrigins,
    port: s.port,
    ...(s.host ? { host: s.host } : {}),
    ...(s.tlsCertFile && s.tlsKeyFile ? { tls: { cert: read(s.tlsCertFile), key: read(s.tlsKeyFile) } } : {}),
    ...(s.jwtPublicKeyFile
      ? {
          verifier: new JwtVerifier({
            publicKeyPem: read(s.jwtPublicKeyFile),
            ...(s.jwtIssuer ? { issuer: s.jwtIssuer } : {}),
            ...(s.jwtAudience ? { audience: s.jwtAudience } : {}),
          }),
        }
      : {}),
    logger: createLogger(config.logLevel),
  });
}

/** Runs the configured codec server until SIGINT/SIGTERM (`lethe codec-server`, `npm run codec-server`). */
export async function runCodecServer(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel);
  const server = await startConfiguredCodecServer(config);
  logger.info({ url: server.url }, 'codec server listening');
  const signal = await untilStopSignal();
  await server.close();
  logger.info({ signal }, 'codec server stopped');
}

if (require.main === module) runAsProcess('codec server', () => runCodecServer());
