// What a condition can read for an entity (docs/definitions.md, "Names a condition can read"): the declared
// attributes (a person also sees its organisation's), the declared events, and the metadata Trig generates for
// every definition. Built from GET /api/admin/schema and the definitions list.
import type { AdminDefinition, SchemaView } from '../../common/admin';
import type { Subject } from './criteria';
import type { SubjectType } from './operators';

const TYPES: SubjectType[] = ['string', 'number', 'bool', 'datetime', 'list'];
const typeOf = (t: string): SubjectType => (TYPES.includes(t as SubjectType) ? (t as SubjectType) : 'string');

export function subjectsFor(entity: 'organisation' | 'person', schema: SchemaView, definitions: AdminDefinition[]): Subject[] {
  const seen = new Set<string>();
  const out: Subject[] = [];
  const add = (name: string, type: SubjectType) => {
    if (!seen.has(name)) {
      seen.add(name);
      out.push({ name, type });
    }
  };
  for (const a of schema.attributes) if (a.entity === entity) add(a.name, typeOf(a.type));
  if (entity === 'person') for (const a of schema.attributes) if (a.entity === 'organisation') add(a.name, typeOf(a.type));
  for (const e of schema.events) add(e.name, 'event');
  add('current_stage', 'string');
  for (const d of definitions) {
    if (d.entity !== entity) continue;
    add(`currently_member_of_${d.key}`, 'bool');
    add(`last_entered_${d.key}`, 'datetime');
    if (d.kind !== 'cohort') add(`last_completed_${d.key}`, 'datetime');
    add(`last_exited_${d.key}`, 'datetime');
    if (d.kind === 'stage') add(`objectives_completed_${d.key}`, 'number');
  }
  return out;
}
