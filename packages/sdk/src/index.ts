/**
 * `@parley/sdk`: the consumer client of Parley (browsers, Node 20, React Native). See README.md.
 */
export { createParleyClient } from './client.ts';
export { ParleyClientError, type ClientErrorCode } from './errors.ts';
export { createMemoryStorage, type KeyValueStorage } from './storage.ts';
export { buildAuthorizeUrl, type MessageTarget, type PopupOptions, type PopupWindow } from './popup.ts';
export { backoffDelay } from './backoff.ts';
export type {
  ClientState,
  ConnectionState,
  Credential,
  MessageAck,
  ParleyClient,
  ParleyClientOptions,
  ParleyEvents,
  SessionInfo,
  TokenContext,
  TokenReason,
  WebSocketConstructor,
  WebSocketLike,
} from './types.ts';
