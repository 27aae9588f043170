import { describe, expect, it } from 'vitest';
import { messageChart } from '../../src/charts/message-chart.js';
import { render, standalone } from './standalone.js';

describe('messageChart', () => {
  it('frames the headline and the wrapped explanation, and draws no data', async () => {
    const reason = "this layout has only an image and a mask per record (as the authors' zip release): whether the base image is real or generated is unknown";
    const chart = messageChart({ width: 300, height: 200, lines: ['Not available', reason] });
    const texts = [...chart.svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&apos;/g, "'"));
    expect(texts[0]).toBe('Not available');
    expect(texts.slice(1).join(' ')).toBe(reason);
    expect(chart.svg).toContain('class="unavailable"');
    expect(chart.svg).not.toContain('data-value');
    await render(standalone(chart));
  });
});
