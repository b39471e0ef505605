/** The `LetheStatus` a sleeping baseline workflow shows (no erasure phase has this name). */
export const BASELINE_SLEEPING = 'baseline_sleeping';
