/**
 * The auto-blocking script-tag build (`dist/consentry-autoblock.js`, docs/reference.md §9):
 * `consentry.js` with the holding of unmarked vendor tags in front. The interception is
 * installed by `./autoblock-start` before `./browser` starts the loader, in this order.
 */
import { autoblocker } from './autoblock-start'
import './loader'

autoblocker.connect(window.consent)
