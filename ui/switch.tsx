import { classes } from './classes'

export interface SwitchProps {
  checked: boolean
  disabled?: boolean
  /** Id of the element naming the switch (the purpose's or vendor's title). */
  labelledBy: string
  describedBy?: string
  onToggle(): void
}

/** An on/off switch: a native button with `role="switch"`, so it works with keyboard and screen readers. */
export const Switch = ({ checked, disabled, labelledBy, describedBy, onToggle }: SwitchProps) => (
  <button
    type="button"
    role="switch"
    class={classes.switch}
    aria-checked={String(checked) as 'true' | 'false'}
    aria-labelledby={labelledBy}
    aria-describedby={describedBy}
    disabled={disabled}
    onClick={onToggle}
  />
)
