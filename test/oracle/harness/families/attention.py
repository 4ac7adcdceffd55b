"""Attention layers: MultiHeadAttention (heads, key/value dims, bias, output_shape, attention_axes, query/value/key
of different lengths and widths, dropout), Attention (dot/concat scores, use_scale, dropout) and
AdditiveAttention (use_scale, dropout), each called on two or three inputs."""
from ..spec import Case, Family, Mutant

QV = "{layer}({0}, {1})"
QVK = "{layer}({0}, {1}, {2})"
SELF = "{layer}({0}, {0})"


def _mha(i: int, args: str, query: tuple, more: tuple = (), call: str = QV) -> Case:
    return Case(f"mha_{i}", f"layers.MultiHeadAttention({args})", query, more_inputs=more,
                call=SELF if not more else call)


MHA_CASES = (
    _mha(0, "2, 4", (5, 6)),
    _mha(1, "num_heads=1, key_dim=8", (4, 8)),
    _mha(2, "2, 4", (5, 6), ((7, 3),)),
    _mha(3, "3, 2, value_dim=5", (4, 6), ((6, 6),)),
    _mha(4, "2, 4, use_bias=False", (5, 6)),
    _mha(5, "2, 3, value_dim=2, use_bias=False", (5, 6), ((7, 3), (7, 4)), QVK),
    _mha(6, "2, 3", (5, 6), ((7, 3), (7, 4)), "{layer}({0}, {1}, key={2})"),
    _mha(7, "4, 2", (3, 5), ((6, 2),), "{layer}({0}, value={1})"),
    _mha(8, "3, 2, output_shape=5", (4, 6), ((3, 6),)),
    _mha(9, "2, 3, output_shape=(2, 3)", (4, 6), ((3, 6),)),
    _mha(10, "2, 2, value_dim=3, output_shape=[2, 2, 2]", (4, 5), ((3, 4),)),
    _mha(11, "2, 4, attention_axes=(1,)", (5, 6), ((7, 6),)),
    _mha(12, "2, 4, attention_axes=-2", (5, 6), ((7, 3),)),
    _mha(13, "2, 3", (3, 4, 6)),
    _mha(14, "2, 3, attention_axes=2", (3, 4, 6), ((3, 2, 5),)),
    _mha(15, "2, 3, attention_axes=(1, 2)", (3, 4, 6), ((2, 5, 5),)),
    _mha(16, "2, 3, attention_axes=1, use_bias=False", (3, 4, 6), ((2, 4, 5),)),
    _mha(17, "1, 2", (2, 3, 2, 4)),
    _mha(18, "2, 4, dropout=0.1", (5, 6)),
    _mha(19, "3, 2, dropout=0.25, output_shape=3", (4, 6), ((5, 2),)),
    _mha(20, "2, 3, attention_axes=(1, 2), dropout=0.2", (3, 4, 6), ((2, 3, 6),)),
    _mha(21, '2, 4, kernel_initializer="he_normal", bias_initializer="ones"', (5, 6), ((7, 3),)),
    _mha(22, 'num_heads=2, key_dim=4, kernel_initializer="lecun_uniform"', (5, 6)),
    _mha(23, "4, 1", (5, 6)),
    _mha(24, "2, 4", (1, 6), ((5, 6),)),
    _mha(25, "2, 4", (5, 6), ((1, 6),)),
    _mha(26, "2, 4, 3, 0.0, True, 5", (5, 6), ((7, 3),)),
    _mha(27, "2, 4, dropout=0.5, seed=3", (5, 6), ((7, 6), (7, 2)), QVK),
)

MULTI_HEAD_ATTENTION = Family(
    "MultiHeadAttention",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    MHA_CASES,
)


def _attention(prefix: str, ctor: str, i: int, args: str, shapes: tuple, call: str | None = None) -> Case:
    return Case(f"{prefix}_{i}", f"{ctor}({args})", shapes[0], more_inputs=shapes[1:], call=call)


def _dot(i: int, args: str, *shapes: tuple, call: str | None = None) -> Case:
    return _attention("att", "Attention", i, args, shapes, call)


ATTENTION = Family(
    "Attention",
    "from tensorflow import keras\nfrom tensorflow.keras.layers import Attention\n",
    "functional", "keras.Model", "keras.Input",
    (
        _dot(0, "", (5, 4), (7, 4)),
        _dot(1, "", (5, 4), (7, 3), (7, 4)),
        _dot(2, "use_scale=True", (5, 4), (7, 4)),
        _dot(3, 'score_mode="concat"', (5, 4), (7, 4)),
        _dot(4, 'use_scale=True, score_mode="concat"', (5, 4), (7, 2), (7, 4)),
        _dot(5, 'True, "concat"', (3, 6), (4, 6)),
        _dot(6, "dropout=0.2", (5, 4), (7, 4)),
        _dot(7, "use_scale=True, dropout=0.5, seed=1", (5, 4), (7, 3), (7, 4)),
        _dot(8, "", (2, 5, 4), (2, 7, 4)),
        _dot(9, 'score_mode="concat"', (2, 5, 4), (2, 7, 4)),
        _dot(10, "True", (1, 4), (6, 4)),
        _dot(11, "", (5, 4), call="{layer}([{0}, {0}])"),
    ),
)


def _additive(i: int, args: str, *shapes: tuple, call: str | None = None) -> Case:
    return _attention("add", "layers.AdditiveAttention", i, args, shapes, call)


ADDITIVE_ATTENTION = Family(
    "AdditiveAttention",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    (
        _additive(0, "", (5, 4), (7, 4)),
        _additive(1, "use_scale=False", (5, 4), (7, 4)),
        _additive(2, "", (5, 4), (7, 3), (7, 4)),
        _additive(3, "dropout=0.3", (5, 4), (7, 4)),
        _additive(4, "False, 0.2", (3, 6), (4, 6)),
        _additive(5, "", (2, 5, 4), (2, 7, 4)),
        _additive(6, "", (5, 4), call="{layer}([{0}, {0}])"),
    ),
)

FAMILIES = (MULTI_HEAD_ATTENTION, ATTENTION, ADDITIVE_ATTENTION)


def _layer(prefix: str, i: int) -> str:
    return prefix if i == 0 else f"{prefix}_{i}"


MUTANTS = (
    Mutant("mha_missing_inverse_sqrt", "MultiHeadAttention", "matrix_multiheadattention", "mha_0",
           _layer("multi_head_attention", 0),
           r'logits = tf\.einsum\("BTNH,BSNH->BNTS", query, key\) \* scale',
           'logits = tf.einsum("BTNH,BSNH->BNTS", query, key)',
           "the scores are not scaled by 1/sqrt(key_dim)"),
    Mutant("mha_scaling_after_softmax", "MultiHeadAttention", "matrix_multiheadattention", "mha_2", None,
           r'(_logits = tf\.einsum\([^\n]*\)) \* ([0-9.]+)\n(\s*\w+ = tf\.einsum\("BNTS,BSNH->BTNH", )'
           r'(tf\.nn\.softmax\(\w+_logits, axis=-1\))',
           r"\1\n\3\4 * \2",
           "1/sqrt(key_dim) multiplies the attention weights instead of the logits"),
    Mutant("mha_softmax_over_query_axis", "MultiHeadAttention", "matrix_multiheadattention", "mha_14", None,
           r"tf\.nn\.softmax\((\w+_scores), axis=4\)", r"tf.nn.softmax(\1, axis=3)",
           "the softmax normalises over the query positions instead of the key positions"),
    Mutant("mha_einsum_path_unscaled_query", "MultiHeadAttention", "matrix_multiheadattention", "mha_18",
           _layer("multi_head_attention", 18),
           r"scores = tf\.einsum\(self\.score_equation, key, query \* scale\)",
           "scores = tf.einsum(self.score_equation, key, query)",
           "with dropout Keras scales the query before the product; the scale is lost"),
    Mutant("attention_concat_without_tanh", "Attention", "matrix_attention", "att_3", None,
           r"tf\.reduce_sum\(tf\.tanh\(", "tf.reduce_sum((",
           "concat scores summed without tanh"),
    Mutant("attention_scale_ignored", "Attention", "matrix_attention", "att_2", _layer("attention", 2),
           r"scores = scores \* self\.scale", "scores = scores",
           "use_scale=True's learned scale is not applied to the dot scores"),
    Mutant("additive_attention_scale_ignored", "AdditiveAttention", "matrix_additiveattention", "add_0", None,
           r"self\.\w+_scale \* tf\.tanh\(", "tf.tanh(",
           "the per-feature scale is not applied before the sum"),
)
