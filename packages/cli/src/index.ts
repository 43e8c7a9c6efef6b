export { runCli } from './main.js';
export { provisionPublisher, rotatePublisherSecret, issueApiKey, PUBLISHER_ID_PATTERN } from './provisioning.js';
