import { describe, expect, it } from 'vitest';
import { findRegions, MarkerError, replaceRegions } from './markers';

const open = (name: string) => `<!-- tables:${name} -->`;
const close = (name: string) => `<!-- /tables:${name} -->`;

function markerError(text: string): MarkerError {
  try {
    findRegions(text, 'doc.md');
  } catch (error) {
    if (error instanceof MarkerError) return error;
    throw error;
  }
  throw new Error('no MarkerError thrown');
}

describe('replaceRegions', () => {
  it('replaces only the lines between the markers; every byte outside stays as it was', () => {
    // Trailing blanks, a CR, a double blank line, non-ASCII and no final newline: all must survive.
    const before = 'Intro — 15×  \r\n\n\nCaption:\n\n';
    const after = '\n\nNote under it.\t\n\n| x |';
    const text = `${before}${open('node')}\n| old |\n|---|\n| 1 |\n${close('node')}${after}`;
    const update = replaceRegions(text, 'doc.md', new Map([['node', '| new |\n|---|\n| 2 |\n| 3 |']]));
    expect(update.text).toBe(`${before}${open('node')}\n| new |\n|---|\n| 2 |\n| 3 |\n${close('node')}${after}`);
    expect(update.changed).toEqual(['node']);
  });

  it('fills an empty region and keeps the file as it is when no region is marked', () => {
    const text = `a\n${open('scaling')}\n${close('scaling')}\nb\n`;
    expect(replaceRegions(text, 'doc.md', new Map([['scaling', 'T']])).text).toBe(`a\n${open('scaling')}\nT\n${close('scaling')}\nb\n`);
    const plain = '# Title\n\n| a |\n|---|\n';
    expect(replaceRegions(plain, 'doc.md', new Map([['scaling', 'T']]))).toEqual({ text: plain, changed: [], unchanged: [], missing: [] });
  });

  it('leaves a region whose data is in no results file untouched and reports it', () => {
    const text = `${open('node-speedup')}\n| by hand |\n${close('node-speedup')}\n${open('browser')}\nold\n${close('browser')}\n`;
    const update = replaceRegions(text, 'doc.md', new Map([['browser', 'new']]));
    expect(update.missing).toEqual(['node-speedup']);
    expect(update.text).toBe(`${open('node-speedup')}\n| by hand |\n${close('node-speedup')}\n${open('browser')}\nnew\n${close('browser')}\n`);
  });

  it('lists as changed only the regions whose text differs (what --check reports)', () => {
    const text = `${open('a')}\nsame\n${close('a')}\n${open('b')}\nold\n${close('b')}\n${open('c')}\n\n${close('c')}\n`;
    const update = replaceRegions(text, 'doc.md', new Map([['a', 'same'], ['b', 'new'], ['c', '']]));
    expect(update.changed).toEqual(['b', 'c']);
    expect(update.unchanged).toEqual(['a']);
    const current = replaceRegions(update.text, 'doc.md', new Map([['a', 'same'], ['b', 'new'], ['c', '']]));
    expect(current.changed).toEqual([]);
    expect(current.text).toBe(update.text);
  });
});

describe('findRegions', () => {
  it('finds regions with the line numbers of their markers, tolerating trailing blanks', () => {
    expect(findRegions(`x\n${open('eval-adult200')}  \nT\n${close('eval-adult200')}\r\n`, 'doc.md')).toEqual([{ name: 'eval-adult200', openingLine: 2, closingLine: 4 }]);
  });

  it('names the file, the line and the NAME of an opening without a closing', () => {
    const error = markerError(`a\n${open('node')}\nT\n`);
    expect([error.file, error.line, error.regionName]).toEqual(['doc.md', 2, 'node']);
    expect(error.message).toBe('doc.md:2: tables:node: no closing <!-- /tables:node --> after it');
  });

  it('rejects nested regions, a NAME marked twice, stray and mismatched closings, and misspelt markers', () => {
    expect(markerError(`${open('a')}\n${open('b')}\n${close('b')}\n${close('a')}`)).toMatchObject({ line: 2, regionName: 'b', message: expect.stringMatching(/opens inside tables:a \(opened at line 1\)/) });
    expect(markerError(`${open('a')}\n${open('a')}\n${close('a')}`)).toMatchObject({ line: 2, regionName: 'a', message: expect.stringMatching(/opens inside tables:a/) });
    expect(markerError(`${open('a')}\n${close('a')}\n\n${open('a')}\n${close('a')}`)).toMatchObject({ line: 4, regionName: 'a', message: expect.stringMatching(/marked twice in this file \(first at line 1\)/) });
    expect(markerError(`x\n${close('a')}`)).toMatchObject({ line: 2, regionName: 'a', message: expect.stringMatching(/closing marker without an opening one/) });
    expect(markerError(`${open('a')}\n${close('b')}`)).toMatchObject({ line: 2, regionName: 'b', message: expect.stringMatching(/closing marker inside tables:a/) });
    expect(markerError(`x\n<!-- tables: node -->\n`)).toMatchObject({ line: 2, regionName: 'node', message: expect.stringMatching(/malformed marker/) });
    expect(markerError(`<!--tables:Node-->`)).toMatchObject({ line: 1, regionName: 'Node', message: expect.stringMatching(/malformed marker/) });
  });

  it('ignores marker text that does not start its line (prose quoting the syntax)', () => {
    expect(findRegions('Put `<!-- tables:NAME -->` above the table.\n', 'doc.md')).toEqual([]);
  });
});
