import { modelNodeType, PROVIDER_NAMES } from '../../shared/catalog/model';
import type { ModelEntry } from '../../shared/catalog/model';
import type { ModelPrices, SettingsPatch } from '../../shared/contract/settings';
import { UserPriceSchema } from '../../shared/contract/settings';

/** What the Settings form holds for model prices: the typed text, by model node type. */
export type PriceTexts = Record<string, string>;

export const priceTextsOf = (prices: ModelPrices): PriceTexts =>
  Object.fromEntries(Object.entries(prices).map(([type, usd]) => [type, String(usd)]));

export const modelLabel = (m: ModelEntry): string =>
  `${m.displayName} (${PROVIDER_NAMES[m.provider]})`;

/** What the catalog says a model costs, as the form shows it beside the user's field. */
export function catalogPriceText(m: ModelEntry): string {
  return m.pricing.kind === 'per_image'
    ? `$${m.pricing.usd.toFixed(2)} per image (published)`
    : 'no published price';
}

/**
 * The modelPrices part of a settings patch: only what changed (an emptied field
 * removes the user's price), or the reason the form cannot be saved, naming the model.
 */
export function modelPricesPatch(
  texts: PriceTexts,
  current: ModelPrices,
  models: readonly ModelEntry[],
): NonNullable<SettingsPatch['modelPrices']> | string {
  const patch: NonNullable<SettingsPatch['modelPrices']> = {};
  for (const m of models) {
    const type = modelNodeType(m);
    const text = (texts[type] ?? '').trim().replace(/^\$/, '').trim();
    const had = current[type];
    if (text === '') {
      if (had !== undefined) patch[type] = null;
      continue;
    }
    const usd = UserPriceSchema.safeParse(Number(text));
    if (!usd.success || !/^\d*\.?\d+$|^\d+\.$/.test(text))
      return `Your price for ${modelLabel(m)} is an amount in dollars per image, like 0.12 (empty: none).`;
    if (usd.data !== had) patch[type] = usd.data;
  }
  return patch;
}
