export { DuplicateRegistry, DEFAULT_REGISTRY_OPTIONS, type InFlightComment, type RegistryOptions } from './registry.js';
