import type { Subject } from '../model/criteria';

/** What the pickers offer: the subjects a condition can read, attribute names for actions, and the jobs to route to. */
export interface PickerOptions {
  subjects: Subject[];
  attributes: string[];
  jobs: string[];
  stages: string[];
}
