import type { MAX_MESSAGE_TEXT as MaxMessageText, WS_CLOSE as WsClose } from '@parley/protocol';

// Constants of the protocol, restated so the bundle imports only types from @parley/protocol
// (its module also builds the JSON Schemas, which a browser client does not need). The type
// annotations make the compiler fail if the protocol ever changes one of them.

/** Normal close, and close 4401 (session refused or ended): see docs/realtime.md. */
export const CLOSE_NORMAL: (typeof WsClose)['NORMAL'] = 1000;
export const CLOSE_UNAUTHORIZED: (typeof WsClose)['UNAUTHORIZED'] = 4401;
/** Unknown account: retrying cannot help. */
export const CLOSE_UNKNOWN_ACCOUNT = 4404;
/** Longest message text, in UTF-16 code units. */
export const MAX_TEXT: typeof MaxMessageText = 8000;
