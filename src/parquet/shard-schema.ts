/**
 * Checks that a Parquet file's Arrow schema is the DiffSeg30k shard layout, by column kind rather
 * than exact type: other writers use int64 where we write int8, large_string for string, a null
 * type for an all-null column. What would make a row unreadable is reported, every column at once.
 * @internal
 */
import { DataType, type Field, type Schema } from 'apache-arrow';

type Kind = 'string' | 'int' | 'float' | 'image' | 'turns' | 'ints';

const NULLABLE = new Set(['base_generator', 'coco_id', 'base_prompt', 'quality_score', 'quality_reason', 'category', 'object', 'variant']);

/** Turn fields a shard may lack: added to the format later, read as null where absent. */
const OPTIONAL_TURN_FIELDS = new Set(['variant']);

const COLUMNS: Record<string, Kind> = {
  id: 'string',
  image: 'image',
  mask: 'image',
  width: 'int',
  height: 'int',
  base_type: 'string',
  base_generator: 'string',
  coco_id: 'int',
  base_prompt: 'string',
  turns: 'turns',
  num_turns: 'int',
  quality_score: 'float',
  quality_reason: 'string',
};

const TURN: Record<string, Kind> = {
  index: 'int',
  generator: 'string',
  label: 'int',
  edit_type: 'string',
  prompt: 'string',
  category: 'string',
  object: 'string',
  mask_rle: 'string',
  area: 'int',
  bbox: 'ints',
  variant: 'string',
};

function fits(name: string, type: DataType, kind: Kind): boolean {
  if (DataType.isNull(type)) return NULLABLE.has(name);
  switch (kind) {
    case 'string':
      return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type);
    case 'int':
      return DataType.isInt(type);
    case 'float':
      return DataType.isFloat(type) || DataType.isInt(type);
    case 'ints':
      return (DataType.isList(type) || DataType.isLargeList(type) || DataType.isFixedSizeList(type)) && DataType.isInt(type.children[0].type);
    case 'image': {
      if (!DataType.isStruct(type)) return false;
      const bytes = type.children.find((c) => c.name === 'bytes');
      const path = type.children.find((c) => c.name === 'path');
      return (
        !!bytes &&
        (DataType.isBinary(bytes.type) || DataType.isLargeBinary(bytes.type) || DataType.isBinaryView(bytes.type)) &&
        (!path || DataType.isUtf8(path.type) || DataType.isLargeUtf8(path.type) || DataType.isNull(path.type))
      );
    }
    case 'turns': {
      if (!(DataType.isList(type) || DataType.isLargeList(type))) return false;
      const element = type.children[0].type;
      return DataType.isStruct(element) && turnProblems(element.children).length === 0;
    }
  }
}

function turnProblems(fields: Field[]): string[] {
  const problems: string[] = [];
  for (const [name, kind] of Object.entries(TURN)) {
    const f = fields.find((x) => x.name === name);
    if (!f) {
      if (!OPTIONAL_TURN_FIELDS.has(name)) problems.push(`turns.${name} missing`);
    }
    else if (!fits(name, f.type, kind)) problems.push(`turns.${name} is ${f.type} (expected ${kind})`);
  }
  return problems;
}

/** Problems that make `schema` not a DiffSeg30k shard; empty when it is one. */
export function shardSchemaProblems(schema: Schema): string[] {
  const problems: string[] = [];
  const missing: string[] = [];
  for (const [name, kind] of Object.entries(COLUMNS)) {
    const f = schema.fields.find((x) => x.name === name);
    if (!f) {
      missing.push(name);
      continue;
    }
    if (kind === 'turns' && (DataType.isList(f.type) || DataType.isLargeList(f.type)) && DataType.isStruct(f.type.children[0].type)) {
      problems.push(...turnProblems(f.type.children[0].type.children));
    } else if (!fits(name, f.type, kind)) {
      problems.push(`column ${name} is ${f.type} (expected ${kind})`);
    }
  }
  if (missing.length) problems.unshift(`missing columns ${missing.join(', ')}`);
  const split = schema.fields.find((x) => x.name === 'split');
  if (split && !fits('split', split.type, 'string')) problems.push(`column split is ${split.type} (expected string)`);
  return problems;
}
