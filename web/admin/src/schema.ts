// What the builder offers: attributes and events from GET /api/admin/schema, and the operators each type allows.

export interface SchemaView {
  attributes: Array<{ entity: string; name: string; type: string; source: string }>;
  events: Array<{ name: string; source: string }>;
}

export interface Field {
  name: string;
  type: 'string' | 'number' | 'bool' | 'datetime' | 'list' | 'event';
}

/** Operators by attribute type, in the criteria language's words. `N` is replaced by the value. */
export const operatorsByType: Record<Field['type'], string[]> = {
  string: ['=', '!=', 'in', 'not in', 'contains', 'does not contain', 'has any value', 'has no value'],
  number: ['=', '!=', '>', '>=', '<', '<=', 'has any value', 'has no value'],
  bool: ['=', '!='],
  datetime: [
    'within last N days',
    'within next N days',
    'more than N days ago',
    'less than N days ago',
    '<',
    '>',
    'has any value',
    'has no value',
  ],
  list: ['contains', 'does not contain', 'has any value', 'has no value'],
  event: ['occurred', 'has not occurred', 'occurred >= N times within 30 days'],
};

const knownTypes = new Set(['string', 'number', 'bool', 'datetime', 'list']);

/** The fields a criterion of this entity may name: its attributes (a person may also read the organisation's) and the events. */
export function fieldsFor(schema: SchemaView, entity: 'organisation' | 'person'): Field[] {
  const seen = new Set<string>();
  const fields: Field[] = [];
  const entities = entity === 'person' ? ['person', 'organisation'] : ['organisation'];
  for (const e of entities) {
    for (const a of schema.attributes.filter((x) => x.entity === e)) {
      if (seen.has(a.name)) continue;
      seen.add(a.name);
      const type = a.type === 'boolean' ? 'bool' : a.type === 'date' ? 'datetime' : a.type;
      fields.push({ name: a.name, type: (knownTypes.has(type) ? type : 'string') as Field['type'] });
    }
  }
  for (const ev of schema.events) fields.push({ name: ev.name, type: 'event' });
  return fields.sort((a, b) => a.name.localeCompare(b.name));
}

export const operatorsFor = (field: Field | undefined): string[] => operatorsByType[field?.type ?? 'string'];
