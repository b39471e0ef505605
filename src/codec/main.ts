import { readFileSync } from 'node:fs';
import { type Config, keyringOf, loadConfig } from '../config';
import { createLogger } from '../ops/logger';
import { runAsProcess, untilStopSignal } from '../ops/process-lifecycle';
import { JwtVerifier } from './access-token';
import { type CodecServer, startCodecServer } from './server';

/** Starts the codec server the configuration describes (LETHE_CODEC_SERVER_*, LETHE_CODEC_KEYS). */
export async function startConfiguredCodecServer(config: Config): Promise<CodecServer> {
  const s = config.codecServer;
  const logger = createLogger(config.logLevel);
  const read = (path: string): string => readFileSync(path, 'utf8');
  const claims = {
    ...(s.jwtIssuer ? { issuer: s.jwtIssuer } : {}),
    ...(s.jwtAudience ? { audience: s.jwtAudience } : {}),
  };
  // The configuration allows one of the two (src/config/schemas.ts).
  const verifier = s.jwksUrl
    ? new JwtVerifier({ jwksUrl: s.jwksUrl, ...claims })
    : s.jwtPublicKeyFile
      ? new JwtVerifier({ publicKeyPem: read(s.jwtPublicKeyFile), ...claims })
      : undefined;
  if (verifier && s.mode === 'production')
    // A wrong URL or a provider that is down shows in the log now, not at the first decode; the
    // server starts anyway and answers 503 until the provider answers.
    await verifier.prefetch().catch((err: Error) => {
      logger.warn({ reason: err.message }, 'codec server: cannot fetch the identity provider keys yet');
    });
  return startCodecServer({
    keyring: keyringOf(config),
    mode: s.mode,
    allowedOrigins: s.allowedOrigins,
    port: s.port,
    ...(s.host ? { host: s.host } : {}),
    ...(s.tlsCertFile && s.tlsKeyFile ? { tls: { cert: read(s.tlsCertFile), key: read(s.tlsKeyFile) } } : {}),
    ...(verifier ? { verifier } : {}),
    logger,
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
