/**
 * `consentry/vue` (docs/reference.md §11): the consent state as Vue composables. The refs follow
 * every change of the decision: here, in another tab, or by `reset()`. Hydration-safe: until the
 * component is mounted they hold what the server rendered, then the visitor's decision.
 */
import {
  computed,
  defineComponent,
  getCurrentInstance,
  inject,
  onMounted,
  onUnmounted,
  provide,
  readonly,
  shallowRef,
  toValue,
  watch,
  type ComputedRef,
  type DeepReadonly,
  type InjectionKey,
  type MaybeRefOrGetter,
  type PropType,
  type Ref,
} from 'vue'
import type { Consent, ConsentState } from '../instance/consent'
import { awaitInstance, grantedIn, isInstance, LOADING, serverStateOf, type ConsentLike, type InitialDecision } from '../instance/hydration'

export type { ConsentLike, InitialDecision } from '../instance/hydration'

const INITIAL: InjectionKey<InitialDecision | null | undefined> = Symbol('consentry initial')

/**
 * The current consent state of `consent`, as a read-only ref. Given `window.consent` before the
 * script tag ran, the loading state until the instance is there.
 * @example
 * const state = useConsent(consent)
 * // state.value.purposes.analytics
 */
export const useConsent = (consent: ConsentLike): DeepReadonly<Ref<ConsentState>> => {
  const component = getCurrentInstance()
  const instance = shallowRef<Consent | undefined>(isInstance(consent) ? consent : undefined)
  const initial = component ? inject(INITIAL, undefined) : undefined
  // Until mounted (the server, and hydration), what the server rendered; outside a component, live.
  const mounted = shallowRef(!component)
  const live = shallowRef<ConsentState>(instance.value?.$state.get() ?? LOADING)
  const stops: (() => void)[] = []
  if (typeof document !== 'undefined') {
    if (!instance.value) stops.push(awaitInstance((found) => (instance.value = found)))
    stops.push(
      watch(
        instance,
        (found, _, cleanup) => {
          if (!found) return
          live.value = found.$state.get()
          cleanup(found.$state.listen((state) => (live.value = state)))
        },
        { immediate: true },
      ),
    )
  }
  if (component) {
    onMounted(() => (mounted.value = true))
    onUnmounted(() => stops.forEach((stop) => stop()))
  }
  const state = computed(() => (mounted.value ? live.value : serverStateOf(instance.value, initial)))
  return readonly(state) as unknown as DeepReadonly<Ref<ConsentState>>
}

/**
 * Whether the purpose or vendor `id` is granted, as a computed ref.
 * @example
 * const youtube = useGranted(consent, 'youtube')
 */
export const useGranted = (consent: ConsentLike, id: MaybeRefOrGetter<string>): ComputedRef<boolean> => {
  const state = useConsent(consent)
  return computed(() => grantedIn(state.value as ConsentState, toValue(id)))
}

/**
 * Hands the request's decision (`readConsent(…)` from `consentry/server`) to the composables
 * below it: the server renders with it and the browser hydrates with it.
 * @example
 * <InitialConsent :value="initial"><App /></InitialConsent>
 */
export const InitialConsent = defineComponent({
  name: 'InitialConsent',
  props: { value: { type: Object as PropType<InitialDecision | null>, default: null } },
  setup(props, { slots }) {
    provide(INITIAL, props.value)
    return () => slots.default?.()
  },
})

/**
 * Renders its default slot only while `id` is granted, its `fallback` slot otherwise.
 * @example
 * <Consented :consent="consent" id="youtube">
 *   <iframe src="https://www.youtube-nocookie.com/embed/…" />
 *   <template #fallback><button @click="consent.set({ youtube: true })">Allow YouTube</button></template>
 * </Consented>
 */
export const Consented = defineComponent({
  name: 'Consented',
  props: {
    consent: { type: Object as PropType<ConsentLike>, default: undefined },
    id: { type: String, required: true },
  },
  setup(props, { slots }) {
    const granted = useGranted(props.consent, () => props.id)
    return () => (granted.value ? slots.default?.() : slots.fallback?.()) ?? null
  },
})
