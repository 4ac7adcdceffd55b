// Call-time arguments of attention layers (masks, causal masking, returned scores) are not part of the
// layer's configuration, and the model graph does not record which call passes them. Until it does, an
// attention layer is lowered only when no call in its file passes one, and no layer there makes Keras masks
// (a masked input changes the attention weights).
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../parse/ranges.ts';
import type { Reason } from '../types.ts';
import type { LayerConfig } from './config.ts';

const CALL_TIME_ARGUMENTS = [
  'use_causal_mask',
  'attention_mask',
  'return_attention_scores',
  'mask',
  'query_mask',
  'value_mask',
  'key_mask',
];

const OFF = ['False', 'None', '0'];

function keywordArguments(call: Node): { name: string; value: string; node: Node }[] {
  const list = call.childForFieldName('arguments')?.namedChildren ?? [];
  return list.flatMap((argument) => {
    const name = argument?.type === 'keyword_argument' ? argument.childForFieldName('name')?.text : undefined;
    const value = argument?.childForFieldName('value')?.text;
    return argument && name && value !== undefined ? [{ name, value, node: argument }] : [];
  });
}

/** Refusals for the attention layer built by `config`: every spot in its file that could change its result. */
export function callSiteRefusals(config: LayerConfig, withDropout: boolean): Reason[] {
  const reasons: Reason[] = [];
  for (const call of config.call.tree.rootNode.descendantsOfType('call')) {
    if (!call) continue;
    if (/(^|\.)Masking$/.test(call.childForFieldName('function')?.text ?? ''))
      reasons.push({
        message: `this file makes Keras masks (${call.text.split('(')[0]}), which keras-lower does not track into ${config.className}`,
        range: nodeRange(call),
      });
    for (const { name, value, node } of keywordArguments(call)) {
      if (OFF.includes(value)) continue;
      if (name === 'mask_zero')
        reasons.push({
          message: `this file makes Keras masks (mask_zero=${value}), which keras-lower does not track into ${config.className}`,
          range: nodeRange(node),
        });
      else if (CALL_TIME_ARGUMENTS.includes(name) || (withDropout && name === 'training'))
        reasons.push({
          message: `a call in this file passes \`${name}=${value}\`: keras-lower cannot yet tell which layer call-time arguments reach, so ${config.className} is not lowered`,
          range: nodeRange(node),
        });
    }
  }
  return reasons;
}
