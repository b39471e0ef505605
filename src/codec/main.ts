import { readFileSync } from 'node:fs';
import { type Config, keyringOf, loadConfig } from '../config';
import { createLogger } from '../logger';
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

if (require.main === module) {
  const logger = createLogger(process.env.LETHE_LOG_LEVEL ?? 'info');
  startConfiguredCodecServer(loadConfig())
    .then((server) => {
      logger.info({ url: server.url }, 'codec server listening');
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      logger.fatal({ error: err instanceof Error ? err.message : String(err) }, 'codec server failed');
      process.exit(1);
    });
}
