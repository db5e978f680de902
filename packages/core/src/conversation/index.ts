// Conversations and real-time messaging (docs/realtime.md).
export type {
  ConversationStore,
  ConversationRecord,
  MessageRecord,
  AppendMessageInput,
  AppendResult,
} from './conversation-store.ts';
export { topics, type EventBus, type EventHandler, type RealtimeEvent } from './event-bus.ts';
export { toConversation, toMessage } from './to-wire.ts';
export type { ConversationDeps, ConsumerActor, AgentActor } from './conversation-deps.ts';
export {
  conversationForConsumer,
  conversationForAgent,
  activeConversationOfAgent,
  agentMayRead,
  handlesConsumer,
} from './access.ts';
export { conversationView, conversationViews } from './conversation-view.ts';
export {
  listConversationsForAgent,
  type AgentConversationsPage,
  listConsumerConversationsForAgent,
  type ConsumerConversationsPage,
} from './list-for-agent.ts';
export { sendConsumerMessage, type SentMessage } from './send-consumer-message.ts';
export { sendAgentMessage } from './send-agent-message.ts';
export { acceptConversation } from './accept-conversation.ts';
export { closeConversation } from './close-conversation.ts';
export { requestAuth } from './request-auth.ts';
export { resumeConversation, type ResumePage } from './resume-conversation.ts';
export { stepUpConversations, CONTINUES_ELSEWHERE_TEXT } from './step-up-conversations.ts';
export { announceAuthState } from './announce-auth-state.ts';
export { announceSessionExpired } from './announce-session-expired.ts';
export { endConsumerSessions, type SessionEndReason } from './end-consumer-sessions.ts';
export { loadConsumerHistory } from './load-consumer-history.ts';
