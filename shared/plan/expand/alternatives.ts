/**
 * Prompt alternatives: `{red|blue|green} fox in {snow|rain}` is six prompts. A group is
 * `{` … `}` holding at least one `|`; braces without a `|` (`{name}`, JSON) stay as
 * they are. `\{`, `\}`, `\|` and `\\` write the character itself; any other backslash
 * is kept. Groups do not nest: a `{` inside a group ends nothing and is literal.
 */

/** A prompt split into literal text and groups of alternatives (in order). */
export type PromptPart = string | { choices: string[] };

const ESCAPABLE = new Set(['{', '}', '|', '\\']);

/** Reads a prompt into parts; a prompt without groups is one (unescaped) string. */
export function parseAlternatives(text: string): PromptPart[] {
  const parts: PromptPart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && ESCAPABLE.has(text[i + 1] ?? '')) {
      literal += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '{') {
      const group = readGroup(text, i + 1);
      if (group) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push({ choices: group.choices });
        i = group.end + 1;
        continue;
      }
    }
    literal += c;
    i += 1;
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}

/** The group starting after `{` at `from`, or undefined when it is not one (no `|`, no `}`). */
function readGroup(text: string, from: number): { choices: string[]; end: number } | undefined {
  const choices: string[] = [];
  let current = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && ESCAPABLE.has(text[i + 1] ?? '')) {
      current += text[i + 1];
      i += 1;
    } else if (c === '|') {
      choices.push(current);
      current = '';
    } else if (c === '}') {
      if (choices.length === 0) return undefined;
      choices.push(current);
      return { choices, end: i };
    } else current += c;
  }
  return undefined;
}

/** The groups of alternatives in a prompt, in order. */
export const alternativeGroups = (parts: readonly PromptPart[]): string[][] =>
  parts.flatMap((p) => (typeof p === 'string' ? [] : [p.choices]));

/** The prompt with choice `picks[g]` of each group g. */
export function renderAlternatives(parts: readonly PromptPart[], picks: readonly number[]): string {
  let group = 0;
  return parts.map((p) => (typeof p === 'string' ? p : p.choices[picks[group++] ?? 0])).join('');
}
