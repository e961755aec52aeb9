import React from 'react';
import { emptyGroup, needsValue, type Condition, type Group } from './model';
import { operatorsFor, type Field } from './schema';

interface Props {
  group: Group;
  fields: Field[];
  onChange: (g: Group) => void;
  onRemove?: () => void;
  path: string;
}

/** A criteria block: all/any of conditions and nested blocks, with attribute and operator pickers. */
export function GroupEditor({ group, fields, onChange, onRemove, path }: Props): React.JSX.Element {
  const set = (i: number, item: Condition | Group | null): void => {
    const items = [...group.items];
    if (item === null) items.splice(i, 1);
    else items[i] = item;
    onChange({ ...group, items });
  };
  const addCondition = (): void => {
    const f = fields[0];
    onChange({ ...group, items: [...group.items, { type: 'condition', attribute: f?.name ?? '', operator: operatorsFor(f)[0], value: '' }] });
  };
  return (
    <div className="group" data-testid={`group-${path}`}>
      <select aria-label="match" value={group.mode} onChange={(e) => onChange({ ...group, mode: e.target.value as Group['mode'] })}>
        <option value="all">all of</option>
        <option value="any">any of</option>
      </select>
      {onRemove && (
        <button type="button" className="link" onClick={onRemove}>
          remove group
        </button>
      )}
      {group.items.map((item, i) =>
        item.type === 'group' ? (
          <GroupEditor key={i} path={`${path}-${i}`} group={item} fields={fields} onChange={(g) => set(i, g)} onRemove={() => set(i, null)} />
        ) : (
          <ConditionRow key={i} path={`${path}-${i}`} condition={item} fields={fields} onChange={(c) => set(i, c)} onRemove={() => set(i, null)} />
        ),
      )}
      <div>
        <button type="button" onClick={addCondition} data-testid={`add-condition-${path}`}>
          + condition
        </button>
        <button type="button" onClick={() => onChange({ ...group, items: [...group.items, emptyGroup('any')] })}>+ nested group</button>
      </div>
    </div>
  );
}

function ConditionRow(props: { condition: Condition; fields: Field[]; path: string; onChange: (c: Condition) => void; onRemove: () => void }): React.JSX.Element {
  const { condition: c, fields, path, onChange, onRemove } = props;
  const field = fields.find((f) => f.name === c.attribute);
  const operators = operatorsFor(field);
  return (
    <div className="condition" data-testid={`condition-${path}`}>
      <select
        aria-label="attribute"
        value={c.attribute}
        onChange={(e) => {
          const f = fields.find((x) => x.name === e.target.value);
          const ops = operatorsFor(f);
          onChange({ ...c, attribute: e.target.value, operator: ops.includes(c.operator) ? c.operator : ops[0] });
        }}
      >
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name} ({f.type})
          </option>
        ))}
      </select>
      <select aria-label="operator" value={c.operator} onChange={(e) => onChange({ ...c, operator: e.target.value })}>
        {operators.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
      {needsValue(c.operator) && (
        <input aria-label="value" value={c.value} placeholder={c.operator.includes('N') ? 'N' : 'value'} onChange={(e) => onChange({ ...c, value: e.target.value })} />
      )}
      <button type="button" className="link" onClick={onRemove} aria-label="remove condition">
        ✕
      </button>
    </div>
  );
}
