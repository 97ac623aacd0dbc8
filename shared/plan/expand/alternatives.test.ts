import { describe, expect, it } from 'vitest';
import { alternativeGroups, parseAlternatives, renderAlternatives } from './alternatives';

describe('prompt alternatives', () => {
  it('reads {a|b|c} groups and renders each choice in place', () => {
    const parts = parseAlternatives('{red|blue|green} fox in {snow|rain}');
    expect(alternativeGroups(parts)).toEqual([
      ['red', 'blue', 'green'],
      ['snow', 'rain'],
    ]);
    expect(renderAlternatives(parts, [2, 1])).toBe('green fox in rain');
  });

  it('keeps braces without a | (names, JSON) and an unclosed group as they are', () => {
    expect(alternativeGroups(parseAlternatives('a {name} and {"k": 1} {open|'))).toEqual([]);
    expect(renderAlternatives(parseAlternatives('a {name} {open|'), [])).toBe('a {name} {open|');
  });

  it('writes \\{ \\} \\| and \\\\ as the characters themselves, inside and outside groups', () => {
    const parts = parseAlternatives('\\{not a group\\} {x\\|y|z} \\\\ \\n');
    expect(alternativeGroups(parts)).toEqual([['x|y', 'z']]);
    expect(renderAlternatives(parts, [0])).toBe('{not a group} x|y \\ \\n');
  });

  it('allows an empty choice ({|very} big)', () => {
    const parts = parseAlternatives('{|very }big');
    expect(renderAlternatives(parts, [0])).toBe('big');
    expect(renderAlternatives(parts, [1])).toBe('very big');
  });
});
