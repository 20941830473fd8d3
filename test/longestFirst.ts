import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The main project's longest files (a minute or more in CI, where vitest has no timings cached
 * yet and would start them in whatever order it found them): started first, so that neither of
 * the two workers is left running one alone at the end. Slowest first.
 */
const LONGEST = [
  'test/security/fuzz.test.ts',
  'test/browser/accessibility.test.ts',
  'test/cli/embedded.test.ts',
  'test/evaluations/evaluations.test.ts',
  'test/evaluations/durability.test.ts',
  'test/backup/cliBackup.test.ts',
  'test/chaos/crashRecovery.test.ts',
  'test/browser/apiDocs.test.ts',
  'test/cli/evalRun.test.ts',
  'test/evaluations/pacing.test.ts',
  'test/chat/relay.test.ts',
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONGEST.indexOf(path.relative(file.project.config.root, file.moduleId).split(path.sep).join('/'));
      return index === -1 ? LONGEST.length : index;
    };
    // Stable: projects keep their order, and the other files the order vitest gave them.
    return sorted
      .map((file, position) => ({ file, position }))
      .sort((a, b) => (a.file.project.config.sequence.groupOrder - b.file.project.config.sequence.groupOrder) || (a.file.project.name < b.file.project.name ? -1 : a.file.project.name > b.file.project.name ? 1 : 0) || rank(a.file) - rank(b.file) || a.position - b.position)
      .map(({ file }) => file);
  }
}
