import { Validator } from 'jsonschema';
import { parse } from 'yaml';
import { createValidateAction } from './validate';
import { examples } from './validate.examples';

describe('gitops:validate examples', () => {
  const action = createValidateAction();

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    (_d, example) => {
      const step = parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const validation = new Validator().validate(
        step.input,
        action.schema!.input!,
      );
      expect(validation.errors).toEqual([]);
    },
  );

  it('rejects an unknown check in the input schema', () => {
    const validation = new Validator().validate(
      { checks: ['lint'] },
      action.schema!.input!,
    );
    expect(validation.errors).not.toEqual([]);
  });
});
