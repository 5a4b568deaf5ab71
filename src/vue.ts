/**
 * `consentry/vue` (docs/reference.md §11): the consent state as Vue composables, through
 * nanostores' own binding (`@nanostores/vue`). The refs follow every change of the decision:
 * here, in another tab, or by `reset()`.
 */
import { useStore } from '@nanostores/vue'
import { computed, defineComponent, toValue, type ComputedRef, type DeepReadonly, type MaybeRefOrGetter, type Ref } from 'vue'
import type { Consent, ConsentState } from './consent'

/**
 * The current consent state of `consent`, as a read-only ref.
 * @example
 * const state = useConsent(consent)
 * // state.value.purposes.analytics
 */
export const useConsent = (consent: Consent): DeepReadonly<Ref<ConsentState>> =>
  useStore(consent.$state) as DeepReadonly<Ref<ConsentState>>

/**
 * Whether the purpose or vendor `id` is granted, as a computed ref.
 * @example
 * const youtube = useGranted(consent, 'youtube')
 */
export const useGranted = (consent: Consent, id: MaybeRefOrGetter<string>): ComputedRef<boolean> => {
  const state = useConsent(consent)
  return computed(() => {
    // Read the ref, so that the computed follows every change of the state.
    void state.value
    return consent.isGranted(toValue(id))
  })
}

/**
 * Renders its default slot only while `id` is granted, its `fallback` slot otherwise.
 * @example
 * <Consented :consent="consent" id="youtube">
 *   <iframe src="https://www.youtube-nocookie.com/embed/…" />
 *   <template #fallback><p>Allow YouTube to watch the video.</p></template>
 * </Consented>
 */
export const Consented = defineComponent({
  name: 'Consented',
  props: {
    consent: { type: Object as () => Consent, required: true },
    id: { type: String, required: true },
  },
  setup(props, { slots }) {
    const granted = useGranted(props.consent, () => props.id)
    return () => (granted.value ? slots.default?.() : slots.fallback?.()) ?? null
  },
})
