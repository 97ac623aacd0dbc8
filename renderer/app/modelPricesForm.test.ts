import { describe, expect, it } from 'vitest';
import { models } from './appTestKit';
import { catalogPriceText, modelPricesPatch, priceTextsOf } from './modelPricesForm';

const PRO = 'model:runcomfy/google/nano-banana/pro/edit';
const NB2 = 'model:runcomfy/google/nano-banana-2/edit';

describe('the model prices part of the Settings form', () => {
  it('sends only what changed: a new price, and null for an emptied one', () => {
    const current = { [NB2]: 0.08, [PRO]: 0.1 };
    const texts: Record<string, string> = {
      ...priceTextsOf(current),
      [NB2]: '  ',
      [PRO]: '0.1',
      'model:runflow/google/nano-banana-pro/edit': '$0.14',
    };
    expect(modelPricesPatch(texts, current, models)).toEqual({
      [NB2]: null,
      'model:runflow/google/nano-banana-pro/edit': 0.14,
    });
  });

  it('refuses text that is not a plain dollar amount, naming the model', () => {
    for (const bad of ['abc', '-0.1', '1e-2', '0x10', '2000'])
      expect(modelPricesPatch({ [PRO]: bad }, {}, models)).toMatch(
        /^Your price for Nano Banana Pro Edit \(RunComfy\) is an amount in dollars per image/,
      );
    expect(modelPricesPatch({ [PRO]: '.5' }, {}, models)).toEqual({ [PRO]: 0.5 });
  });

  it('says which models have a published price', () => {
    const byType = new Map(models.map((m) => [`model:${m.provider}/${m.endpoint}`, m]));
    expect(catalogPriceText(byType.get(PRO)!)).toBe('no published price');
    expect(catalogPriceText(byType.get('model:runflow/google/nano-banana-pro/edit')!)).toBe(
      '$0.15 per image (published)',
    );
  });
});
