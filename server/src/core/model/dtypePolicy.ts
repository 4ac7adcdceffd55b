// dtype policies: `keras.config.set_floatx`, `keras.config.set_dtype_policy` /
// `keras.mixed_precision.set_global_policy` and a layer's own `dtype=`. keras-lower lowers float32 only,
// so a layer made under any other policy is refused with the reason at the call that set it: float32
// code marked exact would be wrong (float64 variables, float16/bfloat16 compute and outputs, Keras's casts).
import type { Node } from 'web-tree-sitter';
import type { CallArguments, LayerConfig } from '../layers/config.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Reason } from '../types.ts';
import type { Evaluator } from './evaluator.ts';
import { describeValue, NONE, type Value } from './values.ts';

const FLOAT32 = 'float32';

/** The refusal in one line, for the README's generated refused list. */
export const DTYPE_POLICY_REFUSAL =
  "a dtype policy other than float32 (`keras.config.set_floatx`, `keras.config.set_dtype_policy`, `keras.mixed_precision.set_global_policy`, a layer's own `dtype=`): keras-lower lowers float32 only, so every layer made under it is refused, the reason at the call";

/** A policy set in the file: its name (undefined when keras-lower cannot read it) and the call. */
interface PolicyCall {
  name: string | undefined;
  call: Node;
}

interface FilePolicies {
  floatx?: PolicyCall;
  policy?: PolicyCall;
}

const byEvaluator = new WeakMap<Evaluator, FilePolicies>();

const SETTERS: Record<string, keyof FilePolicies> = {
  'keras.config.set_floatx': 'floatx',
  'keras.config.set_dtype_policy': 'policy',
  'keras.mixed_precision.set_global_policy': 'policy',
  'keras.mixed_precision.set_dtype_policy': 'policy',
};

/** Policy objects, as `keras.mixed_precision.Policy("mixed_float16")` spells them. */
const POLICY_CLASSES =
  /^keras\.(?:mixed_precision\.(?:Policy|DTypePolicy)|DTypePolicy|dtype_policies\.DTypePolicy)$/;

/** Handles a dtype-policy call (setters and policy objects); undefined for any other path. */
export function dtypePolicyCall(
  evaluator: Evaluator,
  path: string,
  call: Node,
  args: CallArguments,
): Value | undefined {
  if (POLICY_CLASSES.test(path)) return { kind: 'kerasObject', path, call, args };
  const setting = SETTERS[path];
  if (!setting) return undefined;
  const value =
    args.positional[0]?.value ?? args.keywords.get(setting === 'floatx' ? 'value' : 'policy')?.value;
  const policies = byEvaluator.get(evaluator) ?? {};
  policies[setting] = { name: value && policyName(value), call };
  byEvaluator.set(evaluator, policies);
  const refusal = globalRefusal(policies);
  if (refusal) evaluator.report(call, refusal, 'warning');
  return NONE;
}

/** Why a layer made now cannot be lowered because of its dtype policy; [] when it is float32. */
export function dtypeRefusals(evaluator: Evaluator, config: LayerConfig): Reason[] {
  const policies = byEvaluator.get(evaluator) ?? {};
  const reasons: Reason[] = [];
  const global = effective(policies);
  const message = globalRefusal(policies);
  if (global && message) reasons.push({ message, range: nodeRange(global.call) });
  const own = config.values.get('dtype');
  if (own?.node && own.value.kind !== 'none') {
    const name = policyName(own.value);
    if (name !== FLOAT32 || (global && global.name !== FLOAT32))
      reasons.push({
        message: `\`dtype=${describeValue(own.value)}\`: ${name === undefined ? 'a dtype policy keras-lower cannot read' : `the layer computes in ${describe(name)}`}; keras-lower lowers float32 only (an explicit float32 under a float32 policy is accepted)`,
        range: nodeRange(own.node),
      });
  }
  return reasons;
}

/** The policy layers get: a set dtype policy, else floatx (Keras's `dtype_policy()`). */
function effective(policies: FilePolicies): PolicyCall | undefined {
  return policies.policy ?? policies.floatx;
}

function globalRefusal(policies: FilePolicies): string | undefined {
  const global = effective(policies);
  if (!global || global.name === FLOAT32) return undefined;
  const what =
    global.name === undefined
      ? 'sets a dtype policy keras-lower cannot read'
      : `makes every layer after it compute in ${describe(global.name)}`;
  return `\`${global.call.text}\` ${what}; keras-lower lowers float32 only, so those layers are refused rather than lowered as float32`;
}

function describe(name: string): string {
  const mixed = /^mixed_(\w+)$/.exec(name);
  return mixed ? `${mixed[1]} with float32 variables (${name})` : name;
}

/** The policy's name from a string or a policy object; undefined when not a constant. */
function policyName(value: Value): string | undefined {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'kerasObject' && POLICY_CLASSES.test(value.path)) {
    const first = value.args.positional[0]?.value ?? value.args.keywords.get('name')?.value;
    return first?.kind === 'string' ? first.value : undefined;
  }
  return undefined;
}
