import type { RetainedData } from '../../domain/platforms';

const byDesign = 'kept by the platform by design after deletion (documented)';
const onTheEntry = `${byDesign}: shown on the "Deleted conversation" entry of the Conversations log`;

/**
 * What the chatbot platform keeps after a delete, as its Data Compliance documentation lists it. Only
 * the conversation count comes with a reason (billing); the rest stay on the deleted entry.
 */
export const chatbotRetainedByDesign: RetainedData[] = [
  { data: 'conversation count', reason: `${byDesign}: billing` },
  { data: 'user channel type', reason: onTheEntry },
  { data: 'file-upload, agent-handover and push flags', reason: onTheEntry },
  { data: 'conversation score', reason: onTheEntry },
  { data: 'CSAT score/vote', reason: onTheEntry },
];
