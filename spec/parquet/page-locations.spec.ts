import { describe, expect, it } from 'vitest';
import { pageLocations } from '../../src/parquet/page-locations.js';
import { TType, type TStruct, type TValue, encodeStruct } from '../../src/parquet/thrift.js';

/** An OffsetIndex struct with these pages: [offset, size, firstRow]. */
function offsetIndex(pages: [number, number, number][]): Uint8Array {
  const locations: TValue[] = pages.map(([offset, size, firstRow]) => ({
    type: TType.STRUCT,
    value: new Map<number, TValue>([
      [1, { type: TType.I64, value: offset }],
      [2, { type: TType.I32, value: size }],
      [3, { type: TType.I64, value: firstRow }],
    ]),
  }));
  return encodeStruct(new Map([[1, { type: TType.LIST, elemType: TType.STRUCT, value: locations }]]) as TStruct);
}

const chunk = { start: 100, length: 300 };

describe('pageLocations', () => {
  it('reads the pages of an offset index that fits its chunk', () => {
    const bytes = offsetIndex([
      [100, 120, 0],
      [220, 100, 3],
      [320, 80, 5],
    ]);
    expect(pageLocations({ bytes, chunk, numRows: 7 })).toEqual([
      { offset: 100, size: 120, firstRow: 0 },
      { offset: 220, size: 100, firstRow: 3 },
      { offset: 320, size: 80, firstRow: 5 },
    ]);
  });

  it('answers undefined (read the whole chunk) for an index that does not decode or does not fit its chunk', () => {
    const cases: [string, Uint8Array, number][] = [
      ['garbage', new Uint8Array([0xff, 0x01, 0x02]), 7],
      ['trailing bytes', new Uint8Array([...offsetIndex([[100, 300, 0]]), 0]), 7],
      ['no pages', offsetIndex([]), 7],
      ['first page not at row 0', offsetIndex([[100, 300, 1]]), 7],
      ['a page before the chunk', offsetIndex([[50, 100, 0]]), 7],
      ['a page past the chunk', offsetIndex([[100, 301, 0]]), 7],
      ['overlapping pages', offsetIndex([[100, 150, 0], [200, 100, 2]]), 7],
      ['rows not rising', offsetIndex([[100, 100, 0], [200, 100, 0]]), 7],
      ['a first row past the row group', offsetIndex([[100, 100, 0], [200, 100, 7]]), 7],
      ['an empty page', offsetIndex([[100, 0, 0]]), 7],
    ];
    for (const [what, bytes, numRows] of cases) expect(pageLocations({ bytes, chunk, numRows }), what).toBeUndefined();
  });
});
