/**
 * A minimal Thrift compact-protocol codec, enough to read a Parquet footer (`FileMetaData`) and
 * write a modified copy of it. We parse the footer ourselves rather than asking parquet-wasm for
 * it because parquet-wasm does not expose the column chunks' byte ranges (`data_page_offset`,
 * `dictionary_page_offset`), and those ranges are what lets us fetch exactly the bytes a row
 * group's projected columns need — and nothing else — before any wasm code runs.
 *
 * The decoded form keeps every field's wire type, so an unknown field (a newer Parquet version,
 * statistics, encryption metadata) survives a decode → encode round trip unchanged.
 * @internal
 */

/** Wire types of the compact protocol. */
export enum TType {
  STOP = 0,
  TRUE = 1,
  FALSE = 2,
  BYTE = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  DOUBLE = 7,
  BINARY = 8,
  LIST = 9,
  SET = 10,
  MAP = 11,
  STRUCT = 12,
}

/** A decoded Thrift value with its wire type. */
export type TValue =
  | { type: TType.TRUE | TType.FALSE; value: boolean }
  | { type: TType.BYTE | TType.I16 | TType.I32 | TType.I64; value: number }
  | { type: TType.DOUBLE; value: Uint8Array }
  | { type: TType.BINARY; value: Uint8Array }
  | { type: TType.LIST | TType.SET; elemType: TType; value: TValue[] }
  | { type: TType.MAP; keyType: TType; valueType: TType; value: [TValue, TValue][] }
  | { type: TType.STRUCT; value: TStruct };

/** A struct: field id → value, in wire order. */
export type TStruct = Map<number, TValue>;

/** Thrown on malformed input; callers wrap it in a FormatError naming the file. */
export class ThriftError extends Error {}

const MAX_DEPTH = 64;

/** Decodes one struct starting at `offset`; returns it and the offset after it. */
export function decodeStruct(bytes: Uint8Array, offset = 0): { value: TStruct; end: number } {
  const reader = new Reader(bytes, offset);
  const value = reader.struct(0);
  return { value, end: reader.pos };
}

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
  ) {}

  private byte(): number {
    if (this.pos >= this.bytes.length) throw new ThriftError(`unexpected end of metadata at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }

  private varint(): number {
    // Plain arithmetic, not bit operators: Parquet i64 fields (offsets, sizes) exceed 32 bits.
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ThriftError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  private zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  private take(length: number): Uint8Array {
    if (length < 0 || this.pos + length > this.bytes.length) {
      throw new ThriftError(`a ${length}-byte field at byte ${this.pos} runs past the end of the metadata`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  struct(depth: number): TStruct {
    if (depth > MAX_DEPTH) throw new ThriftError('metadata nested too deeply');
    const out: TStruct = new Map();
    let lastId = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === TType.STOP) return out;
      const delta = header >> 4;
      const id = delta === 0 ? this.zigzag() : lastId + delta;
      lastId = id;
      if (type === TType.TRUE || type === TType.FALSE) {
        out.set(id, { type, value: type === TType.TRUE });
      } else {
        out.set(id, this.value(type, depth + 1));
      }
    }
  }

  value(type: number, depth: number): TValue {
    switch (type) {
      case TType.TRUE:
      case TType.FALSE: {
        // Only reached inside lists, where a bool is a whole byte.
        const b = this.byte();
        return { type: b === 1 ? TType.TRUE : TType.FALSE, value: b === 1 };
      }
      case TType.BYTE: {
        const b = this.byte();
        return { type, value: b > 127 ? b - 256 : b };
      }
      case TType.I16:
      case TType.I32:
      case TType.I64:
        return { type, value: this.zigzag() };
      case TType.DOUBLE:
        return { type, value: this.take(8) };
      case TType.BINARY:
        return { type, value: this.take(this.varint()) };
      case TType.LIST:
      case TType.SET: {
        const header = this.byte();
        let size = header >> 4;
        const elemType = header & 0x0f;
        if (size === 15) size = this.varint();
        // Every element takes at least one byte: a larger size is corrupt, not a reason to allocate.
        if (size > this.bytes.length - this.pos) throw new ThriftError(`list of ${size} elements at byte ${this.pos} cannot fit`);
        const items: TValue[] = [];
        for (let i = 0; i < size; i++) items.push(this.value(elemType, depth + 1));
        return { type, elemType, value: items };
      }
      case TType.MAP: {
        const size = this.varint();
        if (size > this.bytes.length - this.pos) throw new ThriftError(`map of ${size} entries at byte ${this.pos} cannot fit`);
        if (size === 0) return { type, keyType: TType.BINARY, valueType: TType.BINARY, value: [] };
        const kv = this.byte();
        const keyType = kv >> 4;
        const valueType = kv & 0x0f;
        const entries: [TValue, TValue][] = [];
        for (let i = 0; i < size; i++) entries.push([this.value(keyType, depth + 1), this.value(valueType, depth + 1)]);
        return { type, keyType, valueType, value: entries };
      }
      case TType.STRUCT:
        return { type, value: this.struct(depth + 1) };
      default:
        throw new ThriftError(`unknown field type ${type} at byte ${this.pos - 1}`);
    }
  }
}

/** Encodes a struct in the compact protocol. */
export function encodeStruct(value: TStruct): Uint8Array {
  const w = new Writer();
  w.struct(value);
  return w.finish();
}

class Writer {
  private buf = new Uint8Array(1024);
  private pos = 0;

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b & 0xff;
  }

  private varint(n: number): void {
    while (n >= 128) {
      this.byte((n % 128) | 0x80);
      n = Math.floor(n / 128);
    }
    this.byte(n);
  }

  private zigzag(n: number): void {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  private bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  struct(s: TStruct): void {
    let lastId = 0;
    // Field ids must be written in ascending order for the short (delta) header form.
    const ids = [...s.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const v = s.get(id)!;
      const type = v.type === TType.TRUE || v.type === TType.FALSE ? (v.value ? TType.TRUE : TType.FALSE) : v.type;
      const delta = id - lastId;
      if (delta > 0 && delta <= 15) {
        this.byte((delta << 4) | type);
      } else {
        this.byte(type);
        this.zigzag(id);
      }
      lastId = id;
      if (type !== TType.TRUE && type !== TType.FALSE) this.value(v);
    }
    this.byte(TType.STOP);
  }

  value(v: TValue): void {
    switch (v.type) {
      case TType.TRUE:
      case TType.FALSE:
        this.byte(v.value ? 1 : 0);
        return;
      case TType.BYTE:
        this.byte(v.value < 0 ? v.value + 256 : v.value);
        return;
      case TType.I16:
      case TType.I32:
      case TType.I64:
        this.zigzag(v.value);
        return;
      case TType.DOUBLE:
        this.bytes(v.value);
        return;
      case TType.BINARY:
        this.varint(v.value.length);
        this.bytes(v.value);
        return;
      case TType.LIST:
      case TType.SET: {
        const size = v.value.length;
        if (size < 15) this.byte((size << 4) | v.elemType);
        else {
          this.byte(0xf0 | v.elemType);
          this.varint(size);
        }
        for (const item of v.value) this.value(item);
        return;
      }
      case TType.MAP:
        this.varint(v.value.length);
        if (v.value.length === 0) return;
        this.byte((v.keyType << 4) | v.valueType);
        for (const [k, val] of v.value) {
          this.value(k);
          this.value(val);
        }
        return;
      case TType.STRUCT:
        this.struct(v.value);
        return;
    }
  }
}

// Typed accessors: a footer field of the wrong wire type is corruption, reported as such.

/** Integer field, or `undefined` when absent. */
export function getInt(s: TStruct, id: number): number | undefined {
  const v = s.get(id);
  if (v === undefined) return undefined;
  if (v.type === TType.BYTE || v.type === TType.I16 || v.type === TType.I32 || v.type === TType.I64) return v.value;
  throw new ThriftError(`field ${id} is not an integer`);
}

/** UTF-8 string field, or `undefined` when absent. */
export function getString(s: TStruct, id: number): string | undefined {
  const v = s.get(id);
  if (v === undefined) return undefined;
  if (v.type === TType.BINARY) return new TextDecoder().decode(v.value);
  throw new ThriftError(`field ${id} is not a string`);
}

/** Struct field, or `undefined` when absent. */
export function getStruct(s: TStruct, id: number): TStruct | undefined {
  const v = s.get(id);
  if (v === undefined) return undefined;
  if (v.type === TType.STRUCT) return v.value;
  throw new ThriftError(`field ${id} is not a struct`);
}

/** List field, or `[]` when absent. */
export function getList(s: TStruct, id: number): TValue[] {
  const v = s.get(id);
  if (v === undefined) return [];
  if (v.type === TType.LIST || v.type === TType.SET) return v.value;
  throw new ThriftError(`field ${id} is not a list`);
}

/** List-of-structs field, or `[]` when absent. */
export function getStructList(s: TStruct, id: number): TStruct[] {
  return getList(s, id).map((v) => {
    if (v.type !== TType.STRUCT) throw new ThriftError(`field ${id} is not a list of structs`);
    return v.value;
  });
}
