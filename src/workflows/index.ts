/** The workflow bundle's entry: every workflow type the worker registers. */
export { erasure } from './erasure';
export { governor } from './governor';
export { upstreamReport } from './upstream-report';
