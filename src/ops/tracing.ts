import type { AttributeValue, Context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import type { WorkerOps } from '../config/schemas';
import { AsyncLocalStorageContextManager } from './context-manager';

/** OpenTelemetry for one worker: the SDK plugin to pass to the worker, and a flush for shutdown. */
export interface Tracing {
  /**
   * Adds the activity interceptors, the workflow interceptors (bundled into the workflow code, so the
   * worker must bundle at start or be given a bundle built with this plugin) and the sink that exports
   * workflow spans from outside the sandbox.
   */
  readonly plugin: OpenTelemetryPlugin;
  /** Exports what is still buffered and stops the provider. */
  shutdown(): Promise<void>;
}

/**
 * Tracing that hands every span to `exporter` as `serviceName`. The provider is registered globally
 * with a context manager: the SDK's interceptors read the W3C trace context from Temporal headers through
 * the global propagator and make it active, which is how an activity's span joins its workflow's trace.
 */
export function createTracing(options: {
  readonly exporter: SpanExporter;
  readonly serviceName: string;
  /** Batch for a network exporter; export each span as it ends for console and in-memory ones. */
  readonly batch?: boolean;
}): Tracing {
  const resource = new Resource({ 'service.name': options.serviceName });
  const processor = new PrivacyFilter(
    options.batch ? new BatchSpanProcessor(options.exporter) : new SimpleSpanProcessor(options.exporter),
  );
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });
  return {
    plugin: new OpenTelemetryPlugin({
      resource,
      spanProcessor: processor,
      tracer: provider.getTracer('lethe-worker'),
    }),
    shutdown: () => provider.shutdown(),
  };
}

/** Workflow info the SDK's sink copies into workflow spans that may hold payloads (decoded: plaintext). */
const WITHHELD = new Set(['memo', 'lastResult', 'lastFailure', 'searchAttributes', 'typedSearchAttributes']);

const isAttributeValue = (v: unknown): v is AttributeValue =>
  ['string', 'number', 'boolean'].includes(typeof v) ||
  (Array.isArray(v) && v.every((x) => x == null || ['string', 'number', 'boolean'].includes(typeof x)));

/** What a span's error says instead of the error's own message. */
export const WITHHELD_MESSAGE = 'withheld: error messages may quote personal data';

/**
 * Keeps spans to ids, names, counts and error types. The SDK's workflow exporter merges the whole
 * `WorkflowInfo` into each workflow span's attributes: memo and last result arrive decoded by the payload
 * codec, so they would leave Temporal's encryption for the tracing backend. Those are withheld, as is
 * anything that is not a valid attribute value (dates, nested objects, functions). The interceptors also
 * put an error's message into the span status and an exception event; inside Temporal those messages
 * are encrypted (they may quote a platform's answer about the subject), so here only the type stays.
 */
export class PrivacyFilter implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const attributes = span.attributes as Record<string, unknown>;
    for (const [key, value] of Object.entries(attributes))
      if (WITHHELD.has(key) || !isAttributeValue(value)) delete attributes[key];
    // An ended span is read-only by type only; the processor chain is where exporters expect redaction.
    const mutable = span as { status: ReadableSpan['status'] };
    if (span.status.message) mutable.status = { code: span.status.code, message: WITHHELD_MESSAGE };
    for (const event of span.events) {
      const a = event.attributes as Record<string, unknown> | undefined;
      if (!a) continue;
      delete a['exception.message'];
      delete a['exception.stacktrace'];
    }
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

/** The OTLP/HTTP traces URL by OpenTelemetry's rules: the traces endpoint as given, else `<endpoint>/v1/traces`. */
export function otlpTracesUrl(
  ops: Pick<WorkerOps, 'otlpEndpoint' | 'otlpTracesEndpoint'>,
): string | undefined {
  if (ops.otlpTracesEndpoint) return ops.otlpTracesEndpoint;
  if (!ops.otlpEndpoint) return undefined; // the exporter's default, http://localhost:4318/v1/traces
  return `${ops.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
}

/** The configured tracing (`LETHE_TRACING`), or none when it is off. */
export function tracingFromConfig(ops: WorkerOps): Tracing | undefined {
  if (ops.tracing === 'off') return undefined;
  if (ops.tracing === 'console')
    return createTracing({ exporter: new ConsoleSpanExporter(), serviceName: ops.serviceName });
  const url = otlpTracesUrl(ops);
  return createTracing({
    exporter: new OTLPTraceExporter(url ? { url } : {}),
    serviceName: ops.serviceName,
    batch: true,
  });
}
