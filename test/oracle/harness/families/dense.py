"""Dense: units, bias, every activation, inputs of rank 2 to 4, every initializer Keras names.
EinsumDense: the equations of the Keras docs and ellipsis forms, bias axes, activations, initializers
(a VarianceScaling kernel takes its fans over the einsum's input and output axes)."""
from ..spec import ACTIVATIONS, Case, Family, Mutant, cases

# Every spelling Keras's initializer lookup accepts for the initializers module mode writes out.
KERNEL_INITIALIZERS = (
    "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "glorot_normal", "GlorotUniform",
    "random_uniform", "uniform", "RandomNormal", "normal", "truncated_normal", "TruncatedNormal",
    "variance_scaling", "VarianceScaling", "orthogonal", "Orthogonal", "OrthogonalInitializer",
    "identity", "IdentityInitializer", "zeros", "one", "random_normal", "HeNormal",
)
BIAS_INITIALIZERS = ("ones", "random_normal", "uniform", "he_uniform", "truncated_normal", "zero")

DENSE = Family(
    "Dense",
    "from tensorflow import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("dense", "keras.layers.Dense({})", [
        ("7", (8,)),
        ("1", (8,)),
        ("7", (5, 8)),
        ("7", (3, 4, 6)),
        ("7, use_bias=False", (8,)),
        ("3, activation='relu', use_bias=False", (5, 8)),
        ("units=16", (12,)),
        *[(f"5, activation={a!r}", (6,)) for a in ACTIVATIONS],
        ("4, activation='softmax'", (3, 4, 6)),
        ("8", (8,)),  # square, so a transposed kernel still runs
        *[(f"9, kernel_initializer={name!r}", (12,)) for name in KERNEL_INITIALIZERS],
        *[(f"9, bias_initializer={name!r}", (12,)) for name in BIAS_INITIALIZERS],
        ("9, 'tanh', True, 'he_normal', 'ones'", (12,)),  # every lowered argument positionally
        ("9, kernel_initializer='orthogonal'", (4, 12)),
        ("9, kernel_initializer=keras.initializers.RandomNormal(stddev=0.1)", (12,)),
        ("9, kernel_initializer=keras.initializers.RandomUniform(-0.2, 0.3)", (12,)),
        ("9, kernel_initializer=keras.initializers.TruncatedNormal(mean=0.5, stddev=0.2)", (12,)),
        ("9, kernel_initializer=keras.initializers.VarianceScaling(scale=2.0, mode='fan_out', distribution='uniform')", (12,)),
        ("9, kernel_initializer=keras.initializers.VarianceScaling(distribution='untruncated_normal')", (12,)),
        ("9, kernel_initializer=keras.initializers.VarianceScaling(mode='fan_avg', distribution='normal')", (12,)),
        ("9, kernel_initializer=keras.initializers.Orthogonal(gain=2.0)", (12,)),
        ("9, kernel_initializer=keras.initializers.Identity(gain=0.5)", (12,)),
        ("9, kernel_initializer=keras.initializers.Constant(0.3)", (12,)),
        ("9, kernel_initializer=keras.initializers.GlorotUniform(seed=7)", (12,)),
        ("9, kernel_initializer=keras.initializers.RandomNormal(seed=3)", (12,)),
        ("9, kernel_initializer=keras.initializers.Orthogonal(seed=11)", (12,)),
        ("9, kernel_initializer=keras.initializers.HeNormal(seed=5)", (12,)),
        ("9, kernel_initializer=keras.initializers.TruncatedNormal(seed=1)", (12,)),
        ("9, kernel_initializer=keras.initializers.HeUniform", (12,)),
        ("9, kernel_initializer=keras.initializers.random_uniform(minval=0.0, maxval=1.0, seed=2)", (12,)),
        ("9, kernel_initializer=keras.initializers.VarianceScaling(2.0, 'fan_in', 'uniform', 9)", (12,)),
        ("9, bias_initializer=keras.initializers.Constant(value=-2)", (12,)),
        ("7, dtype='float32'", (8,)),  # an explicit dtype equal to the (float32) policy lowers
    ]),
)

# (equation, output_shape, further arguments, input shape)
EINSUM_CONFIGS = [
    ("ab,bc->ac", "7", "", (8,)),
    ("ab,bc->ac", "7", ", bias_axes='c'", (8,)),
    ("ab,bc->ac", "(7,)", ", bias_axes='c', activation='relu'", (8,)),
    ("ab,bc->ac", "1", ", bias_axes='c', activation='sigmoid'", (8,)),
    ("abc,cd->abd", "(None, 6)", "", (5, 8)),
    ("abc,cd->abd", "(None, 6)", ", bias_axes='d'", (5, 8)),
    ("abc,cd->abd", "(5, 6)", ", bias_axes='bd'", (5, 8)),
    ("abc,cd->abd", "(None, 6)", ", bias_axes='d', activation='gelu'", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", "", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", ", bias_axes='de'", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", ", bias_axes='e'", (5, 8)),
    # Keras's TF add applies a (4, 1) bias as bias_add on the last axis (also of size 4), not on axis d.
    ("abc,cde->abde", "(None, 4, 4)", ", bias_axes='d'", (5, 8)),
    ("abc,cde->abde", "(5, 3, 4)", ", bias_axes='be', activation='tanh'", (5, 8)),
    # Keras's TF add applies a (3, 1) bias as bias_add on axis 1 (also of size 3), not on axis d.
    ("abc,cde->abde", "(None, 3, 4)", ", bias_axes='d'", (3, 8)),
    ("abc,dce->abde", "(None, 3, 4)", ", bias_axes='de'", (5, 8)),
    ("abcd,cde->abe", "(None, 6)", ", bias_axes='e', activation='softmax'", (4, 3, 5)),
    ("...b,bc->...c", "6", ", bias_axes='c'", (4, 5, 8)),
    ("...b,bc->...c", "6", "", (8,)),
    ("...bc,cd->...bd", "(4, 6)", ", bias_axes='d'", (5, 4, 8)),
    ("ab...,bc->ac...", "(6,)", ", bias_axes='c'", (8, 5)),
    ("abc,cd->abd", "(None, 6)", ", bias_axes='d', kernel_initializer='he_normal', bias_initializer='ones'", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", ", kernel_initializer='lecun_uniform'", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", ", kernel_initializer='glorot_normal'", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", ", kernel_initializer='VarianceScaling'", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", ", kernel_initializer='orthogonal', bias_axes='de', bias_initializer='uniform'", (5, 8)),
    ("abc,cd->abd", "(None, 6)", ", kernel_initializer='random_normal', bias_axes='d', bias_initializer='he_uniform'", (5, 8)),
    ("abc,cd->abd", "(None, 6)", ", 'relu', 'd', 'he_uniform', 'ones'", (5, 8)),  # positionally
    ("abc,cde->abde", "(None, 3, 4)", ", kernel_initializer=keras.initializers.GlorotNormal(seed=4)", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", ", kernel_initializer=keras.initializers.VarianceScaling(scale=0.5, mode='fan_out')", (5, 8)),
    ("abc,cde->abde", "(None, 3, 4)", ", kernel_initializer=keras.initializers.VarianceScaling(input_axes=[0, 1], output_axes=[2])", (5, 8)),
]

EINSUM_DENSE = Family(
    "EinsumDense",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    tuple(
        Case(f"einsum_{i}", f"layers.EinsumDense({equation!r}, {output_shape}{more})", shape)
        for i, (equation, output_shape, more, shape) in enumerate(EINSUM_CONFIGS)
    ),
)

FAMILIES = (DENSE, EINSUM_DENSE)

_ORTHOGONAL_DENSE = next(
    i for i, c in enumerate(DENSE.cases) if "kernel_initializer='orthogonal'" in c.layer and c.input_shape == (4, 12)
)
_SQUARE_DENSE = next(i for i, c in enumerate(DENSE.cases) if c.layer == "keras.layers.Dense(8)")
_HE_NORMAL_DENSE = next(i for i, c in enumerate(DENSE.cases) if "kernel_initializer='he_normal'" in c.layer)
_UNIFORM_DENSE = next(i for i, c in enumerate(DENSE.cases) if "kernel_initializer='uniform'" in c.layer)

MUTANTS = (
    Mutant("dense_transposed_kernel", "Dense", "matrix_dense", f"dense_{_SQUARE_DENSE}", f"dense_{_SQUARE_DENSE}",
           r"tf\.matmul\(inputs, self\.kernel\)", "tf.matmul(inputs, self.kernel, transpose_b=True)",
           "a square kernel used transposed runs, but computes x·Wᵀ"),
    Mutant("module_truncated_normal_uncorrected", "module", "matrix_dense", f"dense_{_HE_NORMAL_DENSE}", None,
           r"stddev = variance \*\* 0\.5 / 0\.87962566103423978", "stddev = variance ** 0.5",
           "he_normal without the 1/0.8796 correction: truncation leaves 77% of the intended variance", rejected_by="initializer statistics"),
    Mutant("module_random_uniform_half_range", "module", "matrix_dense", f"dense_{_UNIFORM_DENSE}", None,
           r"tf\.random\.uniform\(\(12, 9\), -0\.05, 0\.05\)", "tf.random.uniform((12, 9), 0.0, 0.05)",
           "RandomUniform drawn from [0, 0.05]: Keras's default range is [-0.05, 0.05]", rejected_by="initializer statistics"),
    Mutant("module_orthogonal_doubled_gain", "module", "matrix_dense", f"dense_{_ORTHOGONAL_DENSE}", None,
           r"q \*= tf\.sign\(tf\.linalg\.diag_part\(r\)\)", "q *= 2.0 * tf.sign(tf.linalg.diag_part(r))",
           "orthogonal columns of norm 2: W·Wᵀ is 4·I, not I", rejected_by="initializer statistics"),
    Mutant("einsum_bias_broadcast_on_its_axis", "EinsumDense", "matrix_einsumdense", "einsum_11", "einsum_dense_11",
           r"return tf\.nn\.bias_add\(outputs, tf\.reshape\(self\.bias, \[sizes\[0\]\]\), data_format=data_format\)",
           "return tf.add(outputs, self.bias)",
           "a (4, 1) bias for axis d broadcast on d: Keras's TF add applies it on the last axis"),
    Mutant("module_einsum_bias_on_declared_axis", "module", "matrix_einsumdense", "einsum_13", None,
           r"\(tf\.nn\.bias_add\(einsum_dense_13, .* else tf\.add\(einsum_dense_13, self\.einsum_dense_13_bias\)\)",
           "tf.add(einsum_dense_13, self.einsum_dense_13_bias)",
           "a (3, 1) bias for axis d broadcast on d: Keras's TF add applies it on axis 1"),
    Mutant("einsum_kernel_default_fans", "module", "matrix_einsumdense", "einsum_9", None,
           r"fan_in=8, fan_out=12,", "fan_in=24, fan_out=32,",
           "compute_fans' convolution fans for a (8, 3, 4) kernel instead of the einsum's input/output axes", rejected_by="initializer statistics"),
)
