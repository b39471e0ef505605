// Plain CommonJS on purpose: the SDK `require`s this module by path in the worker, the client and the
// workflow bundle, under whatever runs Lethe (tsx, vitest, a compiled image), and Node's own require
// cannot load TypeScript.
const { DefaultFailureConverter } = require('@temporalio/common');

/**
 * Failure messages and stack traces go into the failure's encoded attributes, which the payload codec
 * encrypts: an error that quotes an identifier is not stored in plaintext.
 */
exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
