/**
 * `dist/consentry-button.js`: the floating button (src/browser/floating-button.ts), fetched by the script
 * tag once the page has loaded, on pages whose manifest keeps `ui.floatingButton` on.
 */
import { floatingButton } from '../floating-button'
import { answer } from '../chunk'

answer('button', floatingButton)
