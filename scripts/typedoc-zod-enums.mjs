// @ts-check
/**
 * A typedoc plugin: the members that zod's `z.enum([...])` types expand to (`{ sd2: 'sd2', … }`
 * inside a schema constant's inferred type) are the enum's own values, listed already in the
 * label table; they carry no documentation of their own and would otherwise fail the site's
 * "every export documented" rule. They are removed from the site, and nothing else is.
 */
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const reflection of Object.values(project.reflections)) {
      if (!reflection.kindOf(ReflectionKind.Property)) continue;
      // An enum member: a property whose type is the string literal of its own name.
      const type = /** @type {any} */ (reflection).type;
      const isOwnLiteral = type?.type === 'literal' && type.value === reflection.name;
      const inZodSchema = /Schema\.__type\./.test(reflection.getFriendlyFullName());
      if (isOwnLiteral && inZodSchema) project.removeReflection(reflection);
    }
  });
}
