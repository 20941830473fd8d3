import { describe, expect, it } from 'vitest';
import { markdownCounts, removeCodeBlocks } from './markdown.js';

describe('removeCodeBlocks', () => {
  it('removes fenced blocks, fences included, and keeps the prose around them', () => {
    const text = 'Here:\n```python\nprint("# not a header")\n```\nDone.';
    expect(removeCodeBlocks(text)).toBe('Here:\nDone.');
  });

  it('removes a block whose code contains backticks, where FastChat’s pattern would stop early', () => {
    const text = 'Use:\n```js\nconst s = `- ${x}`;\n```\n- real item';
    expect(removeCodeBlocks(text)).toBe('Use:\n- real item');
  });

  it('handles tildes, longer fences, indented fences and an unclosed block running to the end', () => {
    expect(removeCodeBlocks('a\n~~~\n# x\n~~~\nb')).toBe('a\nb');
    expect(removeCodeBlocks('a\n````\n```\n# inner\n````\nb')).toBe('a\nb');
    expect(removeCodeBlocks('a\n   ```\n1. x\n   ```\nb')).toBe('a\nb');
    expect(removeCodeBlocks('a\n```\n# never closed\n- item')).toBe('a');
  });

  it('removes inline triple-backtick spans as FastChat does', () => {
    expect(removeCodeBlocks('Run ```ls -la``` then **go**')).toBe('Run  then **go**');
  });

  it('leaves text without fences untouched', () => {
    const text = 'Plain `inline` text\n# Header';
    expect(removeCodeBlocks(text)).toBe(text);
  });
});

describe('markdownCounts (FastChat’s regular expressions)', () => {
  it('counts headers by level, only with a space after the hashes', () => {
    const text = '# One\n## Two\n## Two again\n### Three\n#### Four\n##### Five\n###### Six\n####### seven is not a header\n#hashtag\n  # indented';
    expect(markdownCounts(text).header_count).toEqual({ h1: 1, h2: 2, h3: 1, h4: 1, h5: 1, h6: 1 });
  });

  it('counts ordered and unordered list items, indented ones too', () => {
    const text = '1. first\n2. second\n   10. nested\n- dash\n* star\n+ plus\n  - nested dash\n-not an item\n3.not an item';
    expect(markdownCounts(text).list_count).toEqual({ ordered: 3, unordered: 4 });
  });

  it('counts bold spans of both kinds on one line, not across lines', () => {
    const text = '**bold** and **more bold** and __under__\n**not\nbold** and __a_b__';
    expect(markdownCounts(text).bold_count).toEqual({ '**': 2, __: 1 });
  });

  it('finds nothing in plain prose', () => {
    expect(markdownCounts('Just a sentence. Nothing else - really.')).toEqual({
      header_count: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 0, unordered: 0 },
      bold_count: { '**': 0, __: 0 },
    });
  });
});
