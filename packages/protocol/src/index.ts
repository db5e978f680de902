export * from './errors.ts';
export * from './http.ts';
export * from './ws.ts';
