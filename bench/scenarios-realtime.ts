import { codeConnector, measureCodeFlowLogins, startBenchIdp } from './lib/code-flow-logins.ts';
import { measureFanout, type FanoutResult } from './lib/message-fanout.ts';
import { NO_LOAD } from './lib/load.ts';
import { startParley } from './lib/start-parley.ts';
import type { Scenario, ScenarioResult } from './scenarios.ts';

const FANOUT_AGENTS = Array.from({ length: 10 }, (_, i) => ({
  email: `agent${i}@bench.example`,
  name: `Agent ${i}`,
  password: `bench-agent-password-${i}`,
}));

/** One line per run of the `fanout` and `codeflow` scenarios. */
function describe(result: ScenarioResult): string {
  if (result.fanout) {
    const run = (r: FanoutResult) =>
      `${r.sockets} sockets: p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms (${r.received}/${r.sent} received${r.errors ? `, ${r.errors} ERRORS` : ''})`;
    return `${run(result.fanout.small)}; ${run(result.fanout.large)}`;
  }
  if (result.codeFlow) {
    const { logins, failed, cpuMicrosPerLogin, p50Ms } = result.codeFlow;
    const idp = JSON.stringify(result.codeFlow.idpRequestsPerLogin);
    return `${logins} code logins: ${cpuMicrosPerLogin.toFixed(0)} µs Parley CPU/login, p50 ${p50Ms.toFixed(2)} ms wall, IdP requests/login ${idp}${failed ? `, ${failed} FAILED` : ''}`;
  }
  return '';
}

export const FANOUT_SCENARIO: Scenario = {
  algs: [],
  raw: [],
  describe,
  async run(ctx) {
    const once = async (sockets: number) => {
      const { server, cleanup } = await startParley(ctx, 1, { agents: FANOUT_AGENTS });
      try {
        const options = { conversations: 10, agents: FANOUT_AGENTS, perSecond: 200 };
        return await measureFanout(server, { ...options, sockets, messages: ctx.fanout.messages });
      } finally {
        await server.stop();
        cleanup();
      }
    };
    const small = await once(10);
    const large = await once(ctx.fanout.sockets);
    return { max: NO_LOAD, cpuMicrosPerLogin: NaN, processes: 1, fanout: { small, large } };
  },
};

export const CODEFLOW_SCENARIO: Scenario = {
  algs: [],
  raw: [],
  describe,
  async run(ctx) {
    const idp = await startBenchIdp();
    const { server, cleanup } = await startParley(ctx, 1, { connectors: [codeConnector(idp)] });
    try {
      const codeFlow = await measureCodeFlowLogins(server, idp, { logins: ctx.codeLogins, concurrency: 4 });
      return { max: NO_LOAD, cpuMicrosPerLogin: codeFlow.cpuMicrosPerLogin, processes: 1, codeFlow };
    } finally {
      await server.stop();
      cleanup();
      await idp.close();
    }
  },
};
