// Merge layers (keras/src/layers/merging/): shapes only. They take a list of tensors.
import { broadcastShapes, operationShape } from '../shapes/operations.ts';
import { normalizeAxis, unreadable } from '../shapes/checks.ts';
import { formatShape } from '../shapes/spatial.ts';
import type { Shape } from '../types.ts';
import { shapeArg } from './common.ts';
import { shapeOnlyRule, type LayerRule, type ShapeResult } from './rule.ts';

function elementwise(className: string, exactlyTwo = false): LayerRule {
  return shapeOnlyRule({
    classes: [className],
    family: 'merging',
    args: [],
    takesList: true,
    outputShape(_input, _config, inputs): ShapeResult {
      if (inputs.length < 2 || (exactlyTwo && inputs.length !== 2))
        return {
          ok: false,
          kind: 'error',
          message: `${className} takes ${exactlyTwo ? 'exactly 2' : 'at least 2'} inputs, got ${inputs.length}`,
        };
      const shape = broadcastShapes(inputs);
      return typeof shape === 'string'
        ? { ok: false, kind: 'error', message: `${className}: ${shape}` }
        : { ok: true, shape };
    },
  });
}

function dotShape(inputs: Shape[], axesValue: number[] | undefined): ShapeResult {
  const [a, b] = inputs;
  if (!a || !b || inputs.length !== 2)
    return { ok: false, kind: 'error', message: 'Dot takes exactly 2 inputs' };
  if (!axesValue) return unreadable('Dot');
  const axisA = normalizeAxis(axesValue[0]!, a.length);
  const axisB = normalizeAxis(axesValue[1] ?? axesValue[0]!, b.length);
  if (axisA === undefined || axisB === undefined) return unreadable('Dot');
  if (typeof a[axisA] === 'number' && typeof b[axisB] === 'number' && a[axisA] !== b[axisB])
    return {
      ok: false,
      kind: 'error',
      message: `Dot: dimension ${a[axisA]} of ${formatShape(a)} does not match ${b[axisB]} of ${formatShape(b)}`,
    };
  const shape = [...a.filter((_, i) => i !== axisA), ...b.slice(1).filter((_, i) => i + 1 !== axisB)];
  return { ok: true, shape: shape.length === 1 ? [shape[0]!, 1] : shape };
}

export const MERGING_RULES: LayerRule[] = [
  elementwise('Add'),
  elementwise('Subtract', true),
  elementwise('Multiply'),
  elementwise('Average'),
  elementwise('Maximum'),
  elementwise('Minimum'),
  shapeOnlyRule({
    classes: ['Concatenate'],
    family: 'merging',
    args: [shapeArg('axis', -1, 0, 'int')],
    takesList: true,
    outputShape(_input, config, inputs): ShapeResult {
      const shape = operationShape('concatenate', [inputs], new Map([['axis', config.arg('axis').value]]));
      if (shape === undefined) return unreadable('Concatenate');
      return typeof shape === 'string' ? { ok: false, kind: 'error', message: shape } : { ok: true, shape };
    },
  }),
  shapeOnlyRule({
    classes: ['Dot'],
    family: 'merging',
    args: [shapeArg('axes', { required: true }, 0, 'shape'), shapeArg('normalize', false, 1, 'bool')],
    takesList: true,
    outputShape: (_input, config, inputs) => dotShape(inputs, config.shape('axes') as number[] | undefined),
  }),
];
