import { modelNodeType } from '../../shared/catalog/model';
import { useApp } from '../host/appContext';
import { catalogPriceText, modelLabel } from './modelPricesForm';
import type { PriceTexts } from './modelPricesForm';

/**
 * One field per model for the user's own price per image. Where a provider
 * publishes no price (RunComfy), this is how estimates and the budget check learn
 * one; the figure is always shown as the user's, never as a published price.
 */
export function ModelPricesFieldset({
  texts,
  onChange,
}: {
  texts: PriceTexts;
  onChange(texts: PriceTexts): void;
}) {
  const { registry } = useApp();
  return (
    <fieldset className="model-prices">
      <legend>Your prices per image ($)</legend>
      <p className="field-hint">
        For estimates and the budget check, shown as “your price”. Empty: the published price, if
        any.
      </p>
      {registry.models().map((m) => {
        const type = modelNodeType(m);
        return (
          <label className="field" key={type}>
            <span>
              {modelLabel(m)} <small>· {catalogPriceText(m)}</small>
            </span>
            <input
              type="text"
              inputMode="decimal"
              placeholder={m.pricing.kind === 'per_image' ? String(m.pricing.usd) : 'none'}
              data-testid={`price-${type}`}
              value={texts[type] ?? ''}
              onChange={(e) => onChange({ ...texts, [type]: e.target.value })}
            />
          </label>
        );
      })}
    </fieldset>
  );
}
