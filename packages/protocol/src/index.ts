export * from './errors.ts';
export * from './http.ts';
export * from './conversations.ts';
export * from './client-frames.ts';
export * from './ws.ts';
export * from './http-requests.ts';
