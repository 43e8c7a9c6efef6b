export { moderatorWebRouter, PAGE_CONTENT_SECURITY_POLICY } from './router.js';
