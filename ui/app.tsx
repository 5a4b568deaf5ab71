import type { View } from '../src/instance/consent'
import type { Vendor } from '../src/core/types'
import type { Ui } from './ui'
import { rootAttributes } from './host'
import { Banner } from './banner'
import type { Choices, PreferencesView } from './preferences'
import { Launcher } from './launcher'

export type { Ui }

export interface AppProps {
  ui: Ui
  view: View
  decided: boolean
  /** The preferences switches while the dialog is open. */
  draft: Choices | null
  onDraft(draft: Choices): void
  /** The chat vendor waiting for consent, when the launcher stands in for it. */
  chat: Vendor | undefined
  chatOpen: boolean
  onChat(open: boolean): void
  bannerRef(element: HTMLElement | null): void
  /** The preferences dialog, once loaded: the script tag's build fetches it on first need. */
  Preferences: PreferencesView | undefined
}

/**
 * The whole consent UI as a function of the instance's state: it shows what `$view` asks for and
 * never decides by itself. Before a decision the banner stays under the dialog, so that closing
 * the dialog leads back to it.
 */
export const App = ({ ui, view, decided, draft, onDraft, chat, chatOpen, onChat, bannerRef, Preferences }: AppProps) => (
  <div {...rootAttributes(ui.internals)}>
    {(view === 'banner' || (view === 'preferences' && !decided)) && (
      <Banner ui={ui} inert={view === 'preferences'} bannerRef={bannerRef} />
    )}
    {/* The launcher waits under an open preferences dialog, which covers the screen on a phone. */}
    {chat && view !== 'preferences' && (
      <Launcher
        ui={ui}
        vendor={chat}
        open={chatOpen}
        onOpen={() => onChat(true)}
        onClose={() => onChat(false)}
      />
    )}
    {view === 'preferences' && draft && Preferences && <Preferences ui={ui} draft={draft} onChange={onDraft} />}
  </div>
)
