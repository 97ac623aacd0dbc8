import { memo } from 'react';
import { NumberWidget } from './NumberWidget';
import { SelectWidget } from './SelectWidget';
import { TextWidget } from './TextWidget';
import { ToggleWidget } from './ToggleWidget';
import type { WidgetProps } from './types';

/** The widget for any WidgetSpec, by its kind. */
export const WidgetFor = memo(function WidgetFor(props: WidgetProps) {
  const { widget } = props;
  switch (widget.kind) {
    case 'select':
      return <SelectWidget {...props} widget={widget} />;
    case 'number':
      return <NumberWidget {...props} widget={widget} />;
    case 'toggle':
      return <ToggleWidget {...props} widget={widget} />;
    case 'text':
      return <TextWidget {...props} widget={widget} />;
  }
});
