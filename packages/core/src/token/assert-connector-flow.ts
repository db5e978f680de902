import type { ConnectorConfig, Flow } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';

/**
 * Refuses a credential type the connector does not enable (`FLOW_NOT_ENABLED`). The one check
 * behind the login flows' `assertFlowEnabled` and the id_token verifier's `flow` option.
 */
export function assertConnectorFlow(connector: ConnectorConfig, flow: Flow): void {
  if (!connector.flows.includes(flow)) {
    throw new ParleyError(
      'FLOW_NOT_ENABLED',
      `flow "${flow}" is not enabled for connector "${connector.id}"`,
    );
  }
}
