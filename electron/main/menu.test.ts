import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from './menuCommands';
import { MENU_COMMANDS } from './menuCommands';
import { menuTemplate } from './menu';
import { COMMANDS, commandSpec, toAccelerator } from '../../shared/commands/commandTable';
import type { CommandSpec } from '../../shared/commands/commandTable';
import type { MenuActions } from './menu';

type Item = MenuItemConstructorOptions;

function build(platform: NodeJS.Platform = 'linux', dev = false, recent: string[] = []) {
  const log: string[] = [];
  const actions: MenuActions = {
    send: (c) => log.push(`send ${c}`),
    openRecent: (f) => log.push(`recent ${f}`),
    clearRecent: () => log.push('clear'),
    nativeEdit: (_w, a) => log.push(`native ${a}`),
    openDocs: (w) => log.push(`docs ${w}`),
    showAbout: () => log.push('about'),
  };
  return { log, template: menuTemplate({ appName: 'Nodeloom', platform, dev, recent, actions }) };
}

const flatten = (items: Item[]): Item[] =>
  items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
const click = (item: Item, triggeredByAccelerator = false) =>
  item.click!({} as never, undefined, { triggeredByAccelerator } as never);
const byLabel = (items: Item[], label: string) => flatten(items).find((i) => i.label === label)!;

describe('menuTemplate', () => {
  it('has File, Edit, View, Run and Help with the documented accelerators', () => {
    const { template } = build();
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Run', '&Help']);
    const accel = Object.fromEntries(
      flatten(template)
        .filter((i) => i.label && i.accelerator)
        .map((i) => [i.label!.replace('&', ''), i.accelerator]),
    );
    expect(accel).toMatchObject({
      'New Workflow': 'CmdOrCtrl+N',
      'Open…': 'CmdOrCtrl+O',
      Save: 'CmdOrCtrl+S',
      'Save As…': 'CmdOrCtrl+Shift+S',
      Undo: 'CmdOrCtrl+Z',
      Run: 'CmdOrCtrl+Enter',
      'Run to Selected': 'CmdOrCtrl+Shift+Enter',
      'Cancel Run': 'CmdOrCtrl+.',
      'Zoom In': 'CmdOrCtrl+=',
    });
    expect(flatten(template).some((i) => i.role === 'quit')).toBe(true);
  });

  it('every command item sends a known app.command', () => {
    const { template, log } = build();
    for (const item of flatten(template)) {
      if (item.click && !item.role && !/Recent|Docs|Documentation|About/.test(item.label ?? ''))
        click(item);
    }
    const sent = log.filter((l) => l.startsWith('send ')).map((l) => l.slice(5));
    expect(sent.length).toBeGreaterThan(15);
    for (const c of sent) expect(MENU_COMMANDS).toContain(c as MenuCommand);
  });

  it('lets the page handle every key of the command table (registerAccelerator: false)', () => {
    const { template } = build();
    expect(byLabel(template, '&Run').submenu).toBeDefined();
    const keyed = flatten(template).filter((i) => i.accelerator && !i.role);
    expect(keyed.length).toBeGreaterThan(15);
    for (const item of keyed) expect(item.registerAccelerator).toBe(false);
  });

  it('shows every command the table places in a menu, labelled and keyed from the table', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const { template, log } = build(platform);
      for (const item of flatten(template)) if (item.click && !item.role) click(item);
      const sent = new Set(log.filter((l) => l.startsWith('send ')).map((l) => l.slice(5)));
      const clipboard = COMMANDS.filter((c: CommandSpec) => c.clipboard).map((c) => c.id);
      for (const id of MENU_COMMANDS) if (!clipboard.includes(id)) expect(sent).toContain(id);
    }
    const items = flatten(build().template);
    const save = items.find((i) => i.label === '&Save')!;
    expect(save.accelerator).toBe(toAccelerator(commandSpec('file.save').keys![0]!));
    expect(items.find((i) => i.label === '&Keyboard Shortcuts')?.accelerator).toBe('CmdOrCtrl+/');
  });

  it('edit items: a key the page left (a text field) edits natively; a click is a graph command', () => {
    const { template, log } = build();
    click(byLabel(template, '&Undo'), true);
    click(byLabel(template, '&Undo'), false);
    click(byLabel(template, '&Paste'), true);
    expect(log).toEqual(['native undo', 'send edit.undo', 'native paste']);
  });

  it("cut, copy and paste are always the page's clipboard events, clicked too", () => {
    const { template, log } = build();
    for (const label of ['Cu&t', '&Copy', '&Paste']) click(byLabel(template, label), false);
    expect(log).toEqual(['native cut', 'native copy', 'native paste']);
  });

  it('shows dev tools only in development', () => {
    const hasDevTools = (dev: boolean) =>
      flatten(build('linux', dev).template).some((i) => i.role === 'toggleDevTools');
    expect(hasDevTools(false)).toBe(false);
    expect(hasDevTools(true)).toBe(true);
  });

  it('lists recent files, which open by path, and can clear them', () => {
    const { template, log } = build('linux', false, ['/w/a.nodeloom', '/w/b.nodeloom']);
    click(byLabel(template, 'b.nodeloom'));
    click(byLabel(template, 'Clear Recently Opened'));
    expect(log).toEqual(['recent /w/b.nodeloom', 'clear']);
    const empty = build().template;
    expect(byLabel(empty, 'No recent workflows').enabled).toBe(false);
  });

  it('has the app menu on macOS', () => {
    const { template } = build('darwin');
    expect(template[0]!.label).toBe('Nodeloom');
    expect(flatten(template).filter((i) => i.role === 'quit')).toHaveLength(1);
  });
});
