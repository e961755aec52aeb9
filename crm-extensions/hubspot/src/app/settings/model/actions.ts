// The actions model (docs/definitions.md, "Actions") and its YAML: each action is a one-key mapping.

export type Action =
  | { type: 'slack'; target: 'channel' | 'owner'; channel: string; text: string }
  | { type: 'webhook'; url: string; secret: string; attributes: string[] }
  | { type: 'email'; subject: string; body: string }
  | { type: 'update_attribute'; attribute: string; value: string }
  | { type: 'route_to'; job: string }
  /** An action the form does not model, kept as it was. */
  | { type: 'raw'; value: unknown };

export type ActionType = Exclude<Action['type'], 'raw'>;

export const ACTION_TYPES: { value: ActionType; label: string }[] = [
  { value: 'slack', label: 'Slack message' },
  { value: 'webhook', label: 'Webhook' },
  { value: 'email', label: 'Email' },
  { value: 'update_attribute', label: 'Update attribute' },
  { value: 'route_to', label: 'Route to job' },
];

export function newAction(type: ActionType): Action {
  switch (type) {
    case 'slack':
      return { type, target: 'channel', channel: '', text: '' };
    case 'webhook':
      return { type, url: '', secret: '', attributes: [] };
    case 'email':
      return { type, subject: '', body: '' };
    case 'update_attribute':
      return { type, attribute: '', value: '' };
    case 'route_to':
      return { type, job: '' };
  }
}

/** Why the action cannot be published yet, or null. */
export function actionProblem(a: Action): string | null {
  switch (a.type) {
    case 'slack':
      if (a.target === 'channel' && !/^#?[\w-]+$/.test(a.channel)) return 'enter a Slack channel such as #cs-alerts';
      return a.text.trim() ? null : 'enter the message text';
    case 'webhook':
      return /^https?:\/\/\S+$/.test(a.url) ? null : 'enter an absolute http(s) URL';
    case 'email':
      return a.subject.trim() && a.body.trim() ? null : 'enter a subject and a body';
    case 'update_attribute':
      return a.attribute ? null : 'pick the attribute to update';
    case 'route_to':
      return a.job ? null : 'pick the job to route to';
    default:
      return null;
  }
}

export function actionToYaml(a: Action): unknown {
  switch (a.type) {
    case 'slack':
      return { slack: a.target === 'owner' ? { to: 'owner', text: a.text } : { channel: a.channel, text: a.text } };
    case 'webhook': {
      const w: Record<string, unknown> = { url: a.url };
      if (a.secret) w.secret = a.secret;
      if (a.attributes.length) w.attributes = a.attributes;
      return { webhook: w };
    }
    case 'email':
      return { email: { subject: a.subject, body: a.body } };
    case 'update_attribute':
      return { update_attribute: { attribute: a.attribute, value: a.value } };
    case 'route_to':
      return { route_to: a.job };
    default:
      return a.value;
  }
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function actionFromYaml(v: unknown): Action {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { type: 'raw', value: v };
  const [type, body] = Object.entries(v as Record<string, unknown>)[0] ?? [];
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  switch (type) {
    case 'slack':
      return b.to === 'owner'
        ? { type, target: 'owner', channel: '', text: str(b.text) }
        : { type, target: 'channel', channel: str(b.channel), text: str(b.text) };
    case 'webhook':
      return { type, url: str(b.url), secret: str(b.secret), attributes: Array.isArray(b.attributes) ? b.attributes.map(str) : [] };
    case 'email':
      if (b.to !== undefined) return { type: 'raw', value: v };
      return { type, subject: str(b.subject), body: str(b.body) };
    case 'update_attribute':
      return { type, attribute: str(b.attribute), value: str(b.value) };
    case 'route_to':
      return { type, job: typeof body === 'string' ? body : str(b.job) };
    default:
      return { type: 'raw', value: v };
  }
}

/** The placeholders an email, Slack text or attribute value may use: `{attribute}`. */
export const placeholderHint = (attributes: string[]) =>
  attributes.length ? `Placeholders: ${attributes.slice(0, 8).map((a) => `{${a}}`).join(' ')}` : 'Placeholders: {name}';
