import { parseAllDocuments } from 'yaml';
import { SopsStoreName } from '../stores';

function comments(text: string): string[] {
  return text
    .split('\n')
    .map(l => l.trim())
    .filter(l => l.startsWith('#'));
}

/** Compares two plaintexts the way a reader sees them (data, comments, bytes). */
export function expectSameContent(
  actual: Buffer,
  expected: Buffer,
  store: SopsStoreName,
) {
  if (store === 'yaml') {
    const docs = (b: Buffer) =>
      parseAllDocuments(b.toString('utf8')) as unknown as Array<{
        toJS(): unknown;
      }>;
    expect(docs(actual).map(d => d.toJS())).toEqual(
      docs(expected).map(d => d.toJS()),
    );
    expect(comments(actual.toString())).toEqual(comments(expected.toString()));
  } else if (store === 'json') {
    expect(JSON.parse(actual.toString())).toEqual(
      JSON.parse(expected.toString()),
    );
  } else {
    expect(actual.toString('base64')).toEqual(expected.toString('base64'));
  }
}
