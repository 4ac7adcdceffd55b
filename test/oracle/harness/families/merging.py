"""Merge layers: two and three inputs, broadcasting and different ranks where Keras allows them,
Concatenate axes, Dot axes (ints, pairs, negatives, ranks 2 to 4) and normalize."""
from ..spec import Case, Family, Mutant

Shapes = tuple[tuple[int, ...], ...]


def merge_cases(prefix: str, layer_template: str, configs: list[tuple[str, Shapes]]) -> tuple[Case, ...]:
    """One multi-input case per (arguments, input shapes), named `<prefix>_<i>`."""
    return tuple(
        Case(f"{prefix}_{i}", layer_template.format(args), shapes[0], more_inputs=shapes[1:])
        for i, (args, shapes) in enumerate(configs)
    )


# Two and three inputs; same-rank broadcasting; lower ranks that Keras expands right after the batch axis.
ELEMENTWISE_SHAPES: list[Shapes] = [
    ((4,), (4,)),
    ((3, 5), (3, 5), (3, 5)),
    ((2, 3, 4), (2, 3, 4)),
    ((3, 4), (1, 4)),
    ((3, 1), (1, 4)),
    ((4,), (4, 4)),  # 5: square, so expanding at the wrong end still runs
    ((3, 4), (2, 3, 4), (4,)),
    ((5, 1, 4), (5, 3, 1)),
]
TWO_INPUT_SHAPES: list[Shapes] = [shapes for shapes in ELEMENTWISE_SHAPES if len(shapes) == 2] + [
    ((4, 4), (4,)),
    ((6,), (1,)),
]


def elementwise(name: str, header: str, spelling: str, shapes: list[Shapes]) -> Family:
    return Family(name, header, "functional", "keras.Model", "keras.Input",
                  merge_cases(name.lower(), spelling + "({})", [("", s) for s in shapes]))


ADD = elementwise("Add", "import keras\n", "keras.layers.Add", ELEMENTWISE_SHAPES)
SUBTRACT = elementwise("Subtract", "import keras\nfrom keras import layers\n", "layers.Subtract", TWO_INPUT_SHAPES)
MULTIPLY = elementwise("Multiply", "from tensorflow import keras\n", "keras.layers.Multiply", ELEMENTWISE_SHAPES)
AVERAGE = elementwise("Average", "import keras\nfrom keras.layers import Average\n", "Average", ELEMENTWISE_SHAPES)
MAXIMUM = elementwise("Maximum", "import keras\nfrom keras import layers\n", "layers.Maximum", ELEMENTWISE_SHAPES)
MINIMUM = elementwise("Minimum", "from tensorflow import keras\nfrom tensorflow.keras import layers\n",
                      "layers.Minimum", ELEMENTWISE_SHAPES)

CONCATENATE = Family(
    "Concatenate",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    merge_cases("concatenate", "layers.Concatenate({})", [
        ("", ((3, 4), (3, 5))),
        ("axis=1", ((2, 4), (3, 4))),
        ("axis=-2", ((2, 4), (5, 4), (1, 4))),
        ("1", ((4,), (6,))),
        ("axis=2", ((2, 3, 4), (2, 5, 4))),
        ("axis=-1", ((2, 3, 1), (2, 3, 2))),  # 5
        ("axis=3", ((2, 3, 4), (2, 3, 4))),
        ("axis=1", ((3, 4), (3, 4))),
    ]),
)

DOT = Family(
    "Dot",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    merge_cases("dot", "layers.Dot({})", [
        ("axes=1", ((4,), (4,))),
        ("axes=-1", ((3, 4), (5, 4))),
        ("axes=(2, 2)", ((3, 4), (5, 4))),
        ("axes=(1, 2)", ((3, 4), (5, 3))),
        ("axes=[2, 1]", ((3, 4), (4, 5))),
        ("axes=1, normalize=True", ((4,), (4,))),  # 5
        ("axes=(-1, -2), normalize=True", ((3, 4), (4, 5))),
        ("axes=(3, 1)", ((2, 3, 4), (4, 5))),  # x of rank 4: squashed to 3 and restored
        ("axes=(2, 2)", ((3, 4), (2, 4, 5))),  # y of rank 4
        ("axes=1", ((4,), (4, 5))),
        ("axes=(2, 1)", ((3, 4), (4,))),  # 10
        ("2, True", ((3, 4), (5, 4))),
        ("axes=(1, 3)", ((2, 3, 4), (3, 2, 2))),  # both of rank 4
        ("axes=-1, normalize=True", ((2, 3, 4), (3, 4))),
    ]),
)

FAMILIES = (ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM, CONCATENATE, DOT)

MUTANTS = (
    Mutant("add_broadcast_from_the_end", "Add", "matrix_add", "add_5", "add_5",
           r"x = tf\.expand_dims\(x, 1\)", "x = tf.expand_dims(x, -1)",
           "NumPy-style new axes at the end instead of Keras's right after the batch axis"),
    Mutant("subtract_reversed", "Subtract", "matrix_subtract", "subtract_0", "subtract",
           r"outputs = outputs - x", "outputs = x - outputs", "the second input minus the first"),
    Mutant("multiply_two_inputs_only", "Multiply", "matrix_multiply", "multiply_1", "multiply_1",
           r"same_rank\[1:\]:", "same_rank[1:2]:", "the third input is dropped"),
    Mutant("average_as_sum", "Average", "matrix_average", "average_1", "average_1",
           r"return outputs / len\(same_rank\)", "return outputs", "the sum, never divided by the input count"),
    Mutant("module_average_over_two", "module", "matrix_average", "average_6", None,
           r"\) / 3", ") / 2", "divides by 2 whatever the input count"),
    Mutant("maximum_two_inputs_only", "Maximum", "matrix_maximum", "maximum_6", "maximum_6",
           r"same_rank\[1:\]:", "same_rank[1:2]:", "the third input is dropped"),
    Mutant("minimum_as_maximum", "Minimum", "matrix_minimum", "minimum_3", "minimum_3",
           r"tf\.minimum\(outputs, x\)", "tf.maximum(outputs, x)", "the element-wise maximum"),
    Mutant("module_minimum_first_pair_maximum", "module", "matrix_minimum", "minimum_1", None,
           r"tf\.minimum\(tf\.minimum\(", "tf.minimum(tf.maximum(", "the first pair merged by maximum"),
    Mutant("concatenate_inputs_reversed", "Concatenate", "matrix_concatenate", "concatenate_7", "concatenate_7",
           r"tf\.concat\(inputs, axis=self\.axis\)", "tf.concat(inputs[::-1], axis=self.axis)",
           "the inputs concatenated in reverse order: same shape, the parts swapped"),
    Mutant("dot_not_normalized", "Dot", "matrix_dot", "dot_6", "dot_6",
           r"if self\.normalize:", "if False:", "normalize=True is ignored"),
    Mutant("dot_l2_epsilon_inside", "Dot", "matrix_dot", "dot_5", "dot_5",
           r"return x \* tf\.minimum\(tf\.math\.rsqrt\(", "return x * tf.minimum(1.0 + 0.0 * tf.math.rsqrt(",
           "the norm is never divided out"),
    Mutant("module_dot_squash_order", "module", "matrix_dot", "dot_12", None,
           r"tf\.transpose\(([^,]+), \[0, 2, 3, 1\]\)", r"tf.transpose(\1, [0, 3, 2, 1])",
           "the kept axes of x in the wrong order before the squash"),
)
