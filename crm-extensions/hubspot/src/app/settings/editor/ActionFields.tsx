import React from 'react';
import { Flex, Input, Select, TextArea } from '@hubspot/ui-extensions';
import { actionProblem, placeholderHint, type Action } from '../model/actions';

/** The fields of one action: Slack (channel or owner DM), webhook, email with placeholders, update attribute, route to job. */
export function ActionFields(props: { a: Action; path: string; attributes: string[]; jobs: string[]; onChange: (a: Action) => void }) {
  const { a, path, onChange } = props;
  const problem = actionProblem(a);
  const err = { error: problem !== null, validationMessage: problem ?? undefined };
  const hint = placeholderHint(props.attributes);
  switch (a.type) {
    case 'slack':
      return (
        <Flex direction="column" gap="xs">
          <Select
            name={`slack-to-${path}`}
            label="Send to"
            value={a.target}
            options={[
              { label: 'A channel', value: 'channel' },
              { label: "The owner (DM)", value: 'owner' },
            ]}
            onChange={(t) => onChange({ ...a, target: t === 'owner' ? 'owner' : 'channel' })}
            testId={`slack-to-${path}`}
          />
          {a.target === 'channel' && (
            <Input name={`slack-channel-${path}`} label="Channel" placeholder="#cs-alerts" value={a.channel} onChange={(channel) => onChange({ ...a, channel })} testId={`slack-channel-${path}`} />
          )}
          <TextArea name={`slack-text-${path}`} label="Message" description={hint} value={a.text} onChange={(text) => onChange({ ...a, text })} testId={`slack-text-${path}`} {...err} />
        </Flex>
      );
    case 'webhook':
      return (
        <Flex direction="column" gap="xs">
          <Input name={`webhook-url-${path}`} label="URL" value={a.url} onChange={(url) => onChange({ ...a, url })} testId={`webhook-url-${path}`} {...err} />
          <Input
            name={`webhook-secret-${path}`}
            label="Secret name"
            description="The name of a secret in Trig's configuration (Trig:Webhooks:Secrets:<name>), never the secret itself."
            value={a.secret}
            onChange={(secret) => onChange({ ...a, secret })}
            testId={`webhook-secret-${path}`}
          />
          <Input
            name={`webhook-attributes-${path}`}
            label="Attributes to send (comma separated)"
            value={a.attributes.join(', ')}
            onChange={(t) => onChange({ ...a, attributes: t.split(',').map((s) => s.trim()).filter(Boolean) })}
            testId={`webhook-attributes-${path}`}
          />
        </Flex>
      );
    case 'email':
      return (
        <Flex direction="column" gap="xs">
          <Input name={`email-subject-${path}`} label="Subject" value={a.subject} onChange={(subject) => onChange({ ...a, subject })} testId={`email-subject-${path}`} {...err} />
          <TextArea name={`email-body-${path}`} label="Body" description={hint} rows={5} value={a.body} onChange={(body) => onChange({ ...a, body })} testId={`email-body-${path}`} />
        </Flex>
      );
    case 'update_attribute':
      return (
        <Flex gap="xs">
          <Select
            name={`update-attribute-${path}`}
            label="Attribute"
            value={a.attribute}
            options={props.attributes.map((x) => ({ label: x, value: x }))}
            onChange={(x) => onChange({ ...a, attribute: String(x) })}
            testId={`update-attribute-${path}`}
            {...err}
          />
          <Input name={`update-value-${path}`} label="Value" description={hint} value={a.value} onChange={(value) => onChange({ ...a, value })} testId={`update-value-${path}`} />
        </Flex>
      );
    case 'route_to':
      return (
        <Select
          name={`route-${path}`}
          label="Job"
          value={a.job}
          options={props.jobs.map((j) => ({ label: j, value: j }))}
          onChange={(job) => onChange({ ...a, job: String(job) })}
          testId={`route-${path}`}
          {...err}
        />
      );
    default:
      return <Input name={`raw-action-${path}`} label="Action (edit in the YAML view)" value={JSON.stringify(a.value)} readOnly />;
  }
}
