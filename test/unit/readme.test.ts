import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { opsTable, readmeWithTables, refusedList } from '../../scripts/readmeTables.ts';

it('the README layer table is the one the rules generate (run `npx tsx scripts/readmeTables.ts --write`)', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.equal(readme, readmeWithTables(readme));
});

it('the README ops table is the one the ops table generates', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.includes(opsTable()), 'run `npx tsx scripts/readmeTables.ts --write`');
});

it("the README's refused list is the one the rules' reasons generate (it cannot go stale)", () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.includes(refusedList()), 'run `npx tsx scripts/readmeTables.ts --write`');
  assert.doesNotMatch(readme, /Refused today: regularizers/, 'the hand-written refused list is back');
});
