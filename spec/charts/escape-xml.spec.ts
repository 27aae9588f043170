import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../src/charts/escape-xml.js';
import { render } from './standalone.js';

describe('escapeXml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXml(`a<b>&'"`)).toBe('a&lt;b&gt;&amp;&apos;&quot;');
  });

  it('replaces characters XML 1.0 cannot carry, and keeps tab, newline, astral characters and pairs whole', async () => {
    expect(escapeXml('a\u0000b\u001fc\ufffe')).toBe('a\ufffdb\ufffdc\ufffd');
    expect(escapeXml('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz'); // lone surrogates
    expect(escapeXml('\t\n🍕')).toBe('\t\n🍕');
    // Unescaped, each of these makes the document unparseable; escaped, libxml2 reads it.
    for (const hostile of ['<script>alert(1)</script>', 'a & b', '\u0000', ']]>', '\ud800']) {
      const text = (t: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><text x="1" y="10" data-x="${t}">${t}</text></svg>`;
      await expect(render(text(escapeXml(hostile)))).resolves.toBeDefined();
      // (']]>' is legal in attributes and text; a lone surrogate never reaches the parser: UTF-8 encoding replaces it.)
      if (!hostile.includes(']]>') && hostile !== '\ud800') await expect(render(text(hostile))).rejects.toThrow(/XML|parse|corrupt|unsupported/i);
    }
  });
});
