/**
 * The Chromium the browser tests drive. It lives in `scripts/chromium.mjs`, plain JavaScript,
 * because `npm run bench` uses it too and Node runs the bench without a TypeScript loader.
 */
export { testChromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium.mjs'
