export { relayPendingEvents, type RelayDependencies, type RelayResult, type DeliveryQueue } from './relay.js';
export { startRelayLoop, type RelayLoop, type RelayLoopOptions } from './relay-loop.js';
export { createDeliveryProcessor, type DeliveryDependencies, type DeliveryOutcome } from './deliver.js';
