/**
 * `@exchange-adapters/core/zod`: the zod functions the library's schemas are written with, from
 * `zod/v4/mini`, and the one place core and the adapters take them from
 * (`import * as z from '@exchange-adapters/core/zod'`). The build bundles them into core
 * (tsup.config.ts): zod's package entry loads all forty of its locale modules, about 20 ms of a
 * program's start, for messages the library writes itself (validate.ts). Named exports, so a
 * bundler keeps only the functions an app's schemas call. Any zod 4 schema still works with
 * `validate`: the type of a schema is zod's own, and what it reads to is `Infer<typeof schema>`.
 */
export {
  array,
  boolean,
  custom,
  enum,
  literal,
  looseObject,
  maxLength,
  minLength,
  nullable,
  nullish,
  number,
  object,
  optional,
  pipe,
  record,
  safeParse,
  string,
  transform,
  tuple,
  union,
  unknown,
} from 'zod/v4/mini';
