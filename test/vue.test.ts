import { afterEach, describe, expect, test, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import { createConsent, type Consent } from '../src/index'
import { Consented, useConsent, useGranted } from '../src/bindings/vue'
import { clearCookies, manifest } from './helpers'

afterEach(() => clearCookies())

/** A component that shows what the composables return. */
const Status = defineComponent({
  props: { consent: { type: Object as () => Consent, required: true }, id: { type: String, default: 'analytics' } },
  setup(props) {
    const state = useConsent(props.consent)
    const granted = useGranted(props.consent, () => props.id)
    return () => h('p', `decided=${state.value.decided} ${props.id}=${granted.value}`)
  },
})

describe('consentry/vue', () => {
  test('useConsent and useGranted follow a decision taken here', async () => {
    const consent = createConsent(manifest())
    const wrapper = mount(Status, { props: { consent } })
    expect(wrapper.text()).toBe('decided=false analytics=false')
    consent.set({ analytics: true })
    await nextTick()
    expect(wrapper.text()).toBe('decided=true analytics=true')
    await wrapper.setProps({ id: 'marketing' })
    expect(wrapper.text()).toBe('decided=true marketing=false')
    wrapper.unmount()
  })

  test('follow a decision taken in another tab', async () => {
    const here = createConsent(manifest())
    const there = createConsent(manifest())
    const wrapper = mount(Status, { props: { consent: here } })
    there.acceptAll()
    await vi.waitFor(() => expect(wrapper.text()).toBe('decided=true analytics=true'))
    there.reset()
    await vi.waitFor(() => expect(wrapper.text()).toBe('decided=false analytics=false'))
    wrapper.unmount()
  })

  test('<Consented> shows its default slot only while the id is granted, the fallback slot otherwise', async () => {
    const consent = createConsent(manifest())
    const wrapper = mount(Consented, {
      props: { consent, id: 'stats' },
      slots: { default: () => h('iframe', { title: 'video' }), fallback: () => h('button', 'Allow Stats') },
    })
    expect(wrapper.find('iframe').exists()).toBe(false)
    expect(wrapper.text()).toBe('Allow Stats')
    consent.set({ analytics: true })
    await nextTick()
    expect(wrapper.find('iframe').attributes('title')).toBe('video')
    consent.set({ stats: false })
    await nextTick()
    expect(wrapper.find('iframe').exists()).toBe(false)
    wrapper.unmount()
  })

  test('stops following the state once unmounted', async () => {
    const consent = createConsent(manifest())
    const wrapper = mount(Status, { props: { consent } })
    const listening = consent.$state.lc
    wrapper.unmount()
    expect([listening > 0, consent.$state.lc]).toEqual([true, 0])
  })
})
