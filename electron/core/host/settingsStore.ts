import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ProviderIdSchema } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import {
  ConcurrencySchema,
  ModelPricesSchema,
  OutputDirSchema,
  MAX_SNIPPETS,
  SnippetListSchema,
  ThemeSchema,
} from '../../../shared/contract/settings';
import type { SettingsPatch } from '../../../shared/contract/settings';
import { DEFAULT_CONCURRENCY } from '../engine/engine';
import { DEFAULT_BASE_URLS, PROVIDER_ENV } from '../providers/config';
import { writePrivateFile } from '../storage/privateFiles';

/** What settings.json holds. Keys are never part of it. */
const StoredSettingsSchema = z.object({
  /** Only the base URLs the user chose; the others follow the defaults. */
  baseUrls: z
    .object({
      runcomfy: z.url().optional(),
      runflow: z.url().optional(),
      google: z.url().optional(),
    })
    .default({}),
  concurrency: ConcurrencySchema.default(DEFAULT_CONCURRENCY),
  budgetUsd: z.number().nonnegative().nullable().default(null),
  /** The user's own price per image, by model node type. */
  modelPrices: ModelPricesSchema.default({}),
  /** Preview/Save's folder; null: nodeloom-output beside the workflow. */
  outputDir: OutputDirSchema.nullable().default(null),
  /** Selections saved to insert again (the node library's Snippets). */
  snippets: SnippetListSchema.default([]),
  /** The UI's colours: follow the system, or always dark or light. */
  theme: ThemeSchema.default('system'),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;
export type Concurrency = StoredSettings['concurrency'];

export const SETTINGS_FILE = 'settings.json';

export const defaultSettings = (): StoredSettings => ({
  baseUrls: {},
  concurrency: { ...DEFAULT_CONCURRENCY },
  budgetUsd: null,
  modelPrices: {},
  outputDir: null,
  snippets: [],
  theme: 'system',
});

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

function validBaseUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password || url.search || url.hash) return undefined;
    return trimSlash(raw);
  } catch {
    return undefined;
  }
}

/** The built-in base URLs, each overridable by NODELOOM_<PROVIDER>_BASE_URL. */
export function defaultBaseUrls(
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
): Record<ProviderId, string> {
  const urls = { ...DEFAULT_BASE_URLS };
  for (const p of ProviderIdSchema.options) {
    const name = PROVIDER_ENV[p].baseUrl;
    const raw = env[name]?.trim();
    if (!raw) continue;
    const url = validBaseUrl(raw);
    // The message names the variable, not its value (it could hold a pasted secret).
    if (url) urls[p] = url;
    else warn(`${name} is not a plain http(s) URL; using ${DEFAULT_BASE_URLS[p]}`);
  }
  return urls;
}

/**
 * Reads settings.json. A missing file means defaults; a broken one (bad JSON, a
 * field out of range) also means defaults, with a warning: settings must never
 * keep the app from starting. The file is replaced on the next change.
 */
export async function loadSettings(
  dataDir: string,
  warn: (message: string) => void,
): Promise<StoredSettings> {
  const file = path.join(dataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(`cannot read ${file} (${(e as Error).message}); using default settings`);
    return defaultSettings();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    warn(`${file} is not valid JSON; using default settings`);
    return defaultSettings();
  }
  const parsed = StoredSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the file';
    warn(`${file}: ${where} ${issue?.message ?? 'is invalid'}; using default settings`);
    return defaultSettings();
  }
  return parsed.data;
}

/** Writes settings.json atomically; saves are chained so the last change wins. */
export function settingsWriter(dataDir: string): (s: StoredSettings) => Promise<void> {
  const file = path.join(dataDir, SETTINGS_FILE);
  let last: Promise<void> = Promise.resolve();
  return (s) => {
    const text = `${JSON.stringify(s, null, 2)}\n`;
    last = last.catch(() => undefined).then(() => writePrivateFile(file, text));
    return last;
  };
}

export function applyPatch(s: StoredSettings, patch: SettingsPatch): StoredSettings {
  const modelPrices = { ...s.modelPrices };
  for (const [type, usd] of Object.entries(patch.modelPrices ?? {})) {
    if (usd === null) delete modelPrices[type];
    else modelPrices[type] = usd;
  }
  const baseUrls = { ...s.baseUrls };
  for (const p of ProviderIdSchema.options) {
    const url = patch.baseUrls?.[p];
    if (url !== undefined) baseUrls[p] = trimSlash(url);
  }
  return {
    baseUrls,
    concurrency: {
      global: patch.concurrency?.global ?? s.concurrency.global,
      perProvider: patch.concurrency?.perProvider ?? s.concurrency.perProvider,
    },
    budgetUsd: patch.budgetUsd === undefined ? s.budgetUsd : patch.budgetUsd,
    modelPrices,
    outputDir:
      patch.outputDir === undefined ? s.outputDir : patch.outputDir === '' ? null : patch.outputDir,
    snippets: patchSnippets(s.snippets, patch),
    theme: patch.theme ?? s.theme,
  };
}

function patchSnippets(list: StoredSettings['snippets'], patch: SettingsPatch) {
  const { addSnippet: add, removeSnippet: remove } = patch;
  let next = list.filter((s) => s.id !== remove && s.id !== add?.id);
  if (add) next = [...next, add];
  // The oldest go first when the list is full (the schema's limit).
  return next.slice(-MAX_SNIPPETS);
}
