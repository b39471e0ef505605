import type { ActivityOptions } from '@temporalio/workflow';
import { nonRetryableErrorTypes } from '../domain/error-types';

/**
 * Platform calls: searches over the whole retention window can take minutes. Transient failures back
 * off from 5 s (LivePerson's guidance) to 10 minutes and keep trying; refusals are not retried.
 */
export const platformCall: ActivityOptions = {
  // Overridden per erasure by its timing's callTimeoutMs.
  startToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes,
  },
};
