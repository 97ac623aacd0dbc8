import { describe, expect, it } from 'vitest';
import { zodIssues } from '../workflow/zodPath';
import { SettingsPatchSchema, SettingsViewSchema } from './settings';

const problems = (input: unknown): string[] => {
  const parsed = SettingsPatchSchema.safeParse(input);
  return parsed.success ? [] : zodIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
};

describe("the user's model prices at the settings boundary", () => {
  it('accepts a price per image by model node type, and null to remove one', () => {
    expect(
      problems({
        modelPrices: {
          'model:runcomfy/google/nano-banana/pro/edit': 0.12,
          'model:runcomfy/google/nano-banana-2/edit': null,
        },
      }),
    ).toEqual([]);
  });

  it('refuses a key that is not a model node type and a price that is not a dollar amount, naming each', () => {
    const found = problems({
      modelPrices: {
        'runcomfy/google/nano-banana/pro/edit': 0.12,
        'model:runflow/google/nano-banana-pro/edit': -1,
      },
    });
    expect(found.sort()).toEqual([
      expect.stringMatching(/^modelPrices\.model:runflow\/google\/nano-banana-pro\/edit: /),
      'modelPrices.runcomfy/google/nano-banana/pro/edit: is not a model node type (model:provider/endpoint)',
    ]);
    expect(
      problems({ modelPrices: { 'model:runcomfy/x/y': Number.POSITIVE_INFINITY } }),
    ).toHaveLength(1);
  });

  it('is part of every settings view', () => {
    const view = {
      providers: {
        runcomfy: { baseUrl: 'https://a', keySet: false, keySource: 'none' },
        runflow: { baseUrl: 'https://b', keySet: false, keySource: 'none' },
        google: { baseUrl: 'https://c', keySet: false, keySource: 'none' },
      },
      concurrency: { global: 8, perProvider: 4 },
      budgetUsd: null,
    };
    expect(SettingsViewSchema.safeParse(view).success).toBe(false);
    expect(
      SettingsViewSchema.safeParse({ ...view, modelPrices: {}, outputDir: null, snippets: [] })
        .success,
    ).toBe(true);
  });
});
