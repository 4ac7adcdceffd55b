// MultiHeadAttention's einsum equations (keras/src/layers/attention/multi_head_attention.py,
// _build_proj_equation and _build_attention_equation), for a query of a given rank (batch included).

export interface AttentionEquations {
  /** Input (batch, <positions>, features) -> (batch, <positions>, heads, channels). */
  projection: string;
  /** (batch, <positions>, heads, value_dim) -> (batch, <positions>, <output_shape>). */
  output: string;
  /** key, scaled query -> scores (batch dims, heads, query attention dims, key attention dims). */
  score: string;
  /** scores, value -> (batch, <positions>, heads, value_dim). */
  combine: string;
  /** The softmax axes of the scores: the key attention dims. */
  softmaxAxes: number[];
}

const LETTERS = 'abcdefghijklmnopqrstuvw';

/** `attentionAxes` as written (negative allowed), or undefined for Keras's default (every position axis). */
export function attentionEquations(
  queryRank: number,
  outputRank: number,
  attentionAxes: number[] | undefined,
): AttentionEquations {
  const rank = queryRank + 1;
  const axes = (attentionAxes ?? Array.from({ length: rank - 3 }, (_, i) => i + 1)).map((axis) =>
    axis >= 0 ? axis : rank - 1 + axis,
  );
  const positions = LETTERS.slice(0, rank - 2);
  const outputs = 'ABCDEFGH'.slice(0, outputRank);
  const target = LETTERS.slice(0, rank);
  const source = [...target]
    .map((letter, i) => (axes.includes(i) ? LETTERS[rank + axes.indexOf(i)] : letter))
    .join('');
  const batch = [...target].slice(0, rank - 1).filter((_, i) => !axes.includes(i));
  const scores = [...batch, ...axes.map((i) => target[i]), ...axes.map((i) => source[i])].join('');
  return {
    projection: `${positions}z,zxy->${positions}xy`,
    output: `${positions}xy,xy${outputs}->${positions}${outputs}`,
    score: `${source},${target}->${scores}`,
    combine: `${scores},${source}->${target}`,
    softmaxAxes: axes.map((_, i) => scores.length - axes.length + i),
  };
}
