import { describe, expect, it } from 'vitest';
import { fieldsFor, operatorsFor } from '../src/schema';

const schema = {
  attributes: [
    { entity: 'organisation', name: 'seats', type: 'number', source: 'provisioned' },
    { entity: 'organisation', name: 'plan', type: 'string', source: 'provisioned' },
    { entity: 'person', name: 'role', type: 'string', source: 'authored' },
    { entity: 'person', name: 'plan', type: 'string', source: 'provisioned' },
    { entity: 'organisation', name: 'renewal', type: 'datetime', source: 'provisioned' },
  ],
  events: [{ name: 'login', source: 'provisioned' }],
};

describe('fieldsFor', () => {
  it('offers an organisation its own attributes and the events, sorted', () => {
    expect(fieldsFor(schema, 'organisation').map((f) => `${f.name}:${f.type}`)).toEqual(['login:event', 'plan:string', 'renewal:datetime', 'seats:number']);
  });

  it('offers a person its attributes first and the organisation ones it does not shadow', () => {
    expect(fieldsFor(schema, 'person').map((f) => f.name)).toEqual(['login', 'plan', 'renewal', 'role', 'seats']);
  });
});

describe('operatorsFor', () => {
  it('gives each type the operators the criteria language allows for it', () => {
    expect(operatorsFor({ name: 'seats', type: 'number' })).toContain('>=');
    expect(operatorsFor({ name: 'plan', type: 'string' })).not.toContain('>=');
    expect(operatorsFor({ name: 'renewal', type: 'datetime' })).toContain('within next N days');
    expect(operatorsFor({ name: 'login', type: 'event' })[0]).toBe('occurred');
    expect(operatorsFor(undefined)).toEqual(operatorsFor({ name: 'x', type: 'string' }));
  });
});
