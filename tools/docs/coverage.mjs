#!/usr/bin/env node
// Documentation coverage of the published packages' entry points (the ones typedoc.json lists).
// Counted: every exported declaration (function, class, interface, type, variable, enum) and every
// member a user reaches through it (properties, methods and accessors of classes and interfaces,
// members of object type aliases, enum members), inherited members once, where they are declared.
// Not counted: entries of exported constant tables (the table's own comment says what they are),
// members of nested anonymous object types (their property's comment covers them), constructors.
// Prints the figure and each undocumented symbol; exits 1 when one lacks a doc comment.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, ReflectionKind } from 'typedoc';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);

const app = await Application.bootstrap({ options: path.join(root, 'typedoc.json'), logLevel: 'Warn' });
const project = await app.convert();
if (!project) {
  console.error('docs coverage: TypeDoc could not convert the entry points');
  process.exit(1);
}

// TypeDoc's own checks as configured in typedoc.json (links in doc comments that resolve nowhere).
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error('docs coverage: TypeDoc reported problems (above)');
  process.exit(1);
}

const TOP =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.TypeAlias |
  ReflectionKind.Function |
  ReflectionKind.Variable |
  ReflectionKind.Enum;
const MEMBER = ReflectionKind.Property | ReflectionKind.Method | ReflectionKind.Accessor | ReflectionKind.EnumMember;

function documented(reflection) {
  if (reflection.hasComment()) return true;
  const signatures = [
    ...(reflection.signatures ?? []),
    ...(reflection.getSignature ? [reflection.getSignature] : []),
    ...(reflection.setSignature ? [reflection.setSignature] : []),
    ...(reflection.type?.declaration?.signatures ?? []),
  ];
  return signatures.some((signature) => signature.hasComment());
}

const seen = new Set();
const missing = [];
let total = 0;
function count(reflection, name) {
  // One declaration reached through several entry points or subclasses counts once.
  const key = reflection.sources?.map((s) => `${s.fileName}:${s.line}:${s.character}`).join('|') || name;
  if (seen.has(key)) return;
  seen.add(key);
  total++;
  if (!documented(reflection))
    missing.push(
      `${name} (${ReflectionKind.singularString(reflection.kind)}) ${reflection.sources?.[0]?.fileName ?? ''}:${reflection.sources?.[0]?.line ?? ''}`,
    );
}

function members(container) {
  if (container.kindOf(ReflectionKind.TypeAlias)) {
    const declaration = container.type?.type === 'reflection' ? container.type.declaration : undefined;
    return declaration?.children ?? [];
  }
  return container.children ?? [];
}

for (const module of project.children ?? []) {
  for (const exported of module.children ?? []) {
    if (!exported.kindOf(TOP)) continue;
    const label = `${module.name}: ${exported.name}`;
    count(exported, label);
    if (exported.kindOf(ReflectionKind.Variable | ReflectionKind.Function)) continue;
    for (const member of members(exported)) {
      if (!member.kindOf(MEMBER) || member.flags.isPrivate) continue;
      if (member.name.startsWith('#')) continue;
      count(member, `${label}.${member.name}`);
    }
  }
}

const documentedCount = total - missing.length;
const percent = ((documentedCount / total) * 100).toFixed(1);
for (const line of missing) console.log(`undocumented: ${line}`);
console.log(`documentation coverage: ${documentedCount} / ${total} exported symbols and members documented (${percent} %)`);
process.exit(missing.length === 0 ? 0 : 1);
