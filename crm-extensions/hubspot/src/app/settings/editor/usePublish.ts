import { useState } from 'react';
import type { AuthoringError, AuthoringPreview, AuthoringResult } from '../../common/admin';
import { applyDocument } from '../../common/authoringApi';
import { errorMessage, hubspotFetch } from '../../common/loaded';

/** Where a document stands: previewed (with the text previewed), waiting for confirmation, invalid, busy or failed. */
export type PublishState =
  | { kind: 'idle' }
  | { kind: 'busy'; what: string }
  | { kind: 'previewed'; text: string; preview: AuthoringPreview; confirmationRequired: string[] }
  | { kind: 'confirm'; text: string; keys: string[]; message: string; preview: AuthoringPreview | null }
  | { kind: 'invalid'; text: string; errors: AuthoringError[] }
  | { kind: 'failed'; message: string };

/** Preview (dry run) and publish of a document through POST /api/admin/definitions/apply. */
export function usePublish(onPublished: (r: AuthoringResult) => void) {
  const [state, setState] = useState<PublishState>({ kind: 'idle' });

  const run = async (text: string, dryRun: boolean, confirm: boolean) => {
    setState({ kind: 'busy', what: dryRun ? 'Computing the preview…' : 'Publishing…' });
    try {
      const o = await applyDocument(hubspotFetch, text, { dryRun, confirm });
      if (o.kind === 'invalid') return setState({ kind: 'invalid', text, errors: o.errors.filter((e) => e.file === 'document').length ? o.errors.filter((e) => e.file === 'document') : o.errors });
      if (o.kind === 'confirm') return setState({ kind: 'confirm', text, keys: o.keys, message: o.message, preview: o.preview });
      if (o.kind === 'conflict') return setState({ kind: 'failed', message: o.message });
      if (dryRun) {
        return setState(o.result.preview
          ? { kind: 'previewed', text, preview: o.result.preview, confirmationRequired: o.result.confirmationRequired }
          : { kind: 'failed', message: 'The worker returned no preview.' });
      }
      setState({ kind: 'idle' });
      onPublished(o.result);
    } catch (e) {
      setState({ kind: 'failed', message: errorMessage(e) });
    }
  };

  return {
    state,
    reset: () => setState({ kind: 'idle' }),
    preview: (text: string) => run(text, true, false),
    publish: (text: string, confirm: boolean) => run(text, false, confirm),
  };
}
