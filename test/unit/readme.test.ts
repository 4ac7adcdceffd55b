import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { readmeWithTables } from '../../scripts/readmeTables.ts';

it('the README layer table is the one the rules generate (run `npx tsx scripts/readmeTables.ts --write`)', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.equal(readme, readmeWithTables(readme));
});
