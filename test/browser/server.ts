/**
 * The static server of the browser tests and `npm start`. It lives in `scripts/server.mjs`, plain
 * JavaScript, because Node runs `npm start` without a TypeScript loader.
 */
export { serve, serveExamples, DEFAULT_PORT, EXAMPLES_COLLECTOR, type Served, type Handler } from '../../scripts/server.mjs'
