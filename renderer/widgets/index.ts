export { NumberWidget } from './NumberWidget';
export { SelectWidget } from './SelectWidget';
export { TextWidget } from './TextWidget';
export { ToggleWidget } from './ToggleWidget';
export { WidgetFor } from './WidgetFor';
export { widgetMessages } from './messages';
export type { WidgetOf, WidgetProps } from './types';
