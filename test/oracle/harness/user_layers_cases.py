"""The per-op matrix: keras.ops calls inside a user layer's call(), one program per case, and mutants of the
lowered text the oracle must reject. Inputs: `f:4,5` is float32 of shape (batch, 4, 5); `i:4,5` int32 in [-3, 7);
`v:4` a float32 tensor without batch dimension (a rank-1 operand made from the layer's own weight)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpCase:
    op: str
    expr: str  # the body of call(self, a, b, c), returning a tensor
    inputs: tuple[str, ...]


F = ("f:4,5",)
F2 = ("f:4,5", "f:4,5")
I = ("i:4,5",)

CASES: list[OpCase] = [
    *[OpCase(op, f"ops.{op}(a, b)", F2) for op in ("add", "subtract", "multiply", "divide", "true_divide", "maximum", "minimum")],
    OpCase("add", "ops.add(a, 2.5)", F),
    OpCase("divide", "ops.divide(a, b)", ("i:4,5", "i:4,5")),
    OpCase("divide", "ops.divide(a, 4)", I),
    OpCase("power", "ops.power(a, 2)", F),
    OpCase("power", "ops.power(ops.abs(a), b)", F2),
    *[OpCase(op, f"ops.cast(ops.{op}(a, b), 'float32')", F2) for op in ("equal", "not_equal", "greater", "greater_equal", "less", "less_equal")],
    *[OpCase(op, f"ops.{op}(a)", F) for op in ("negative", "abs", "absolute", "square", "sign", "reciprocal", "erf", "sqrt", "exp", "expm1", "log", "log1p", "sin", "cos", "tanh", "floor", "ceil")],
    OpCase("rsqrt", "ops.rsqrt(ops.abs(a) + 0.5)", F),
    *[OpCase(op, f"ops.{op}(a)", I) for op in ("sqrt", "exp", "log", "tanh", "floor", "abs", "square")],
    OpCase("clip", "ops.clip(a, -0.5, 0.75)", F),
    OpCase("where", "ops.where(a > 0, a, b)", F2),
    OpCase("where", "ops.where(a > 0, a, 0.0)", F),
    *[OpCase(op, f"ops.{op}(a)", F) for op in ("relu", "relu6", "sigmoid", "silu", "swish", "softplus", "softsign", "selu", "stop_gradient")],
    OpCase("relu", "ops.nn.relu(a)", F),
    OpCase("softmax", "ops.softmax(a)", F),
    OpCase("softmax", "ops.softmax(a, axis=1)", F),
    OpCase("softmax", "ops.nn.softmax(a, axis=None)", F),
    OpCase("log_softmax", "ops.log_softmax(a, axis=-1)", F),
    OpCase("log_softmax", "ops.log_softmax(a, axis=None)", F),
    OpCase("gelu", "ops.gelu(a)", F),
    OpCase("gelu", "ops.gelu(a, approximate=False)", F),
    OpCase("leaky_relu", "ops.leaky_relu(a)", F),
    OpCase("leaky_relu", "ops.leaky_relu(a, negative_slope=0.05)", F),
    OpCase("elu", "ops.elu(a)", F),
    OpCase("elu", "ops.elu(a, alpha=0.5)", F),
    *[OpCase(op, f"ops.{op}(a)", F) for op in ("mean", "sum", "max", "min", "prod", "std", "var", "logsumexp")],
    *[OpCase(op, f"ops.{op}(a, axis=1)", F) for op in ("mean", "sum", "max", "min", "prod", "std", "var", "logsumexp")],
    *[OpCase(op, f"ops.{op}(a, axis=-1, keepdims=True)", F) for op in ("mean", "sum", "max", "min", "std", "var")],
    OpCase("mean", "ops.mean(a, axis=(1, 2))", F),
    OpCase("mean", "ops.mean(a, axis=1)", I),
    OpCase("var", "ops.var(a, axis=1)", I),
    OpCase("std", "ops.std(a, axis=-1)", I),
    OpCase("sum", "ops.sum(a, axis=1)", I),
    OpCase("max", "ops.max(a, axis=1, initial=0.5)", F),
    OpCase("min", "ops.min(a, axis=2, initial=0.0)", F),
    OpCase("prod", "ops.prod(a, axis=1, dtype='float32')", I),
    OpCase("any", "ops.cast(ops.any(a > 1.5, axis=1), 'int32')", F),
    OpCase("all", "ops.cast(ops.all(a > -1.5, axis=-1, keepdims=True), 'int32')", F),
    OpCase("argmax", "ops.argmax(a, axis=1)", F),
    OpCase("argmax", "ops.argmax(a)", F),
    OpCase("argmax", "ops.argmax(a, axis=-1, keepdims=True)", F),
    OpCase("argmax", "ops.argmax(ops.sign(a) * 0.0, axis=-1)", F),
    OpCase("argmax", "ops.argmax(a, axis=2)", I),
    OpCase("argmin", "ops.argmin(a, axis=1)", F),
    OpCase("argmin", "ops.argmin(a, axis=None, keepdims=True)", F),
    OpCase("cumsum", "ops.cumsum(a, axis=1)", F),
    OpCase("cumsum", "ops.cumsum(a)", F),
    OpCase("cumsum", "ops.cumsum(a, axis=-1, dtype='float32')", I),
    OpCase("norm", "ops.norm(ops.mean(a, axis=1))", F),
    OpCase("norm", "ops.norm(a, axis=-1)", F),
    OpCase("norm", "ops.norm(a, axis=(1, 2), keepdims=True)", F),
    OpCase("norm", "ops.norm(a, ord=2, axis=1)", F),
    OpCase("norm", "ops.norm(a, ord='fro', axis=(1, 2))", F),
    OpCase("norm", "ops.norm(a, axis=-1)", I),
    OpCase("shape", "ops.reshape(a, (ops.shape(a)[0], -1)) * ops.shape(a)[1]", F),
    OpCase("shape", "a / ops.shape(a)[-1]", F),
    OpCase("cast", "ops.cast(a, 'int32')", F),
    OpCase("cast", "ops.cast(a, 'float32')", I),
    OpCase("reshape", "ops.reshape(a, (-1, 5, 4))", F),
    OpCase("transpose", "ops.transpose(a, (0, 2, 1))", F),
    OpCase("transpose", "ops.transpose(a, axes=(-3, -1, -2))", F),
    OpCase("transpose", "ops.transpose(a)", F),
    OpCase("expand_dims", "ops.expand_dims(a, 1)", F),
    OpCase("expand_dims", "ops.expand_dims(a, axis=-1)", F),
    OpCase("squeeze", "ops.squeeze(ops.expand_dims(a, 1), axis=1)", F),
    OpCase("squeeze", "ops.squeeze(a[:, :1, :], axis=1)", F),
    OpCase("concatenate", "ops.concatenate([a, b], axis=-1)", F2),
    OpCase("concatenate", "ops.concatenate([a, b])", F2),
    OpCase("stack", "ops.stack([a, b], axis=1)", F2),
    OpCase("stack", "ops.stack([a, b])", F2),
    OpCase("split", "ops.split(a, 2, axis=1)[1]", F),
    OpCase("tile", "ops.tile(a, (1, 2, 3))", F),
    OpCase("tile", "ops.tile(a, 2)", F),
    OpCase("repeat", "ops.repeat(a, 2, axis=1)", F),
    OpCase("repeat", "ops.repeat(a, 3, axis=-1)", F),
    OpCase("take", "ops.take(a, ops.argmax(b, axis=-1)[0], axis=2)", F2),
    OpCase("take", "ops.take(a, [0, -1, 2], axis=1)", F),
    OpCase("take", "a[:, 0, 0] + ops.take(a, 7)", F),
    OpCase("take_along_axis", "ops.take_along_axis(a, ops.argmax(a, axis=-1, keepdims=True) - 5, axis=-1)", F),
    OpCase("take_along_axis", "ops.take_along_axis(a, ops.argmin(a, axis=1, keepdims=True), axis=1)", F),
    OpCase("arange", "a * ops.arange(5.0)", F),
    OpCase("arange", "a * ops.arange(1.0, 6.0)", F),
    OpCase("arange", "a + ops.cast(ops.arange(0, 10, 2), 'float32')", F),
    OpCase("zeros", "a + ops.zeros((4, 5))", F),
    OpCase("ones", "a * ops.ones((5,))", F),
    OpCase("zeros_like", "ops.zeros_like(a) + 1.0", F),
    OpCase("ones_like", "ops.ones_like(a, dtype='int32')", F),
    OpCase("matmul", "ops.matmul(a, ops.transpose(b, (0, 2, 1)))", F2),
    OpCase("matmul", "ops.matmul(a, self.w)", F),
    OpCase("matmul", "ops.matmul(a, self.v)", F),
    OpCase("matmul", "ops.matmul(self.v4, a)", F),
    OpCase("matmul", "ops.matmul(ops.mean(a, axis=1), self.w)", F),
    OpCase("tensordot", "ops.tensordot(a, self.w, axes=1)", F),
    OpCase("tensordot", "ops.tensordot(a, b, axes=[[1, 2], [1, 2]])", F2),
    OpCase("einsum", "ops.einsum('bij,jk->bik', a, self.w)", F),
    OpCase("einsum", "ops.einsum('bij,bkj->bik', a, b)", F2),
]


def case_program(index: int, case: OpCase) -> str:
    """A file the engine analyses and Keras runs: the case's layer in a functional model."""
    params = ", ".join("abc"[: len(case.inputs)])
    inputs = []
    for spec in case.inputs:
        kind, shape = spec.split(":")
        dtype = "int32" if kind == "i" else "float32"
        inputs.append(f'keras.Input(shape=({shape},), dtype="{dtype}")')
    return f'''# op matrix case {index}: keras.ops.{case.op}
import keras
from keras import ops


class OpCase(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(5, 3), initializer="glorot_uniform")
        self.v = self.add_weight(shape=(5,), initializer="glorot_uniform")
        self.v4 = self.add_weight(shape=(4,), initializer="glorot_uniform")

    def call(self, {params}):
        return {case.expr}


inputs = [{", ".join(inputs)}]
outputs = OpCase()({", ".join(f"inputs[{i}]" for i in range(len(inputs)))})
model = keras.Model(inputs, outputs)
'''


@dataclass(frozen=True)
class OpMutant:
    name: str
    expr: str
    inputs: tuple[str, ...]
    regex: str
    replacement: str
    why: str


MUTANTS: list[OpMutant] = [
    OpMutant(
        "rank-1 matmul through tf.matmul",
        "ops.matmul(a, self.v)",
        F,
        r"tf\.tensordot\(a, self\.v, axes=1\)",
        "tf.matmul(a, self.v)",
        "Keras contracts a rank-1 operand with tensordot; tf.matmul rejects it",
    ),
    OpMutant(
        "ops.shape as a tf.shape tensor",
        "a / ops.shape(a)[-1]",
        F,
        r"tuple\(tf\.shape\(a\)\[i\] if d is None else d for i, d in enumerate\(a\.shape\.as_list\(\)\)\)",
        "tf.shape(a)",
        "Keras gives a tuple of Python ints for static dimensions, not an int32 tensor",
    ),
    OpMutant(
        "mean of ints stays int",
        "ops.mean(a, axis=1)",
        I,
        r"tf\.cast\(tf\.reduce_mean\(.*",
        "tf.reduce_mean(a, axis=1)",
        "Keras averages integer tensors in float32",
    ),
    OpMutant(
        "argmax without the -0.0 fix",
        "ops.argmax(ops.sign(a) * 0.0, axis=-1)",
        F,
        r"\) < 0\), -\(",
        ') < float("-inf")), -(',
        "Keras ranks -0.0 below 0.0",
    ),
]
