/**
 * Test helpers of `@parley/server/testing`, for the tests of the packages built on the server
 * (the CLI, the SDK): an app on memory stores and a fake clock, and a recording WebSocket client.
 */
export {
  ADMIN_KEY,
  AGENT_PASSWORD,
  BRAND_ORIGIN,
  buildTestApp,
  captureLog,
  testConnector,
  type TestApp,
  type TestAppOptions,
} from './build-test-app.ts';
export { TestSocket } from './test-socket.ts';
export type { RealtimeOptions } from '../ws/realtime-options.ts';
export { killSpawnedParleys, spawnParley, type ParleyProcess, type ProcessOutput } from './parley-process.ts';
