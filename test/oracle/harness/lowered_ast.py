"""Checks the lowered parts of a file for Keras references (DESIGN.md, "how it stays honest").

The original model definition stays in the file, so only what the lowering added is checked: new
top-level classes, functions and assignments. Layer mode may use Keras only as the `Layer` base class and
through `self.add_weight`; module mode only inside `load_keras_weights`.
"""
from __future__ import annotations

import ast
from collections import Counter

ALLOWED_SUPER_CALLS = {"__init__", "build", "get_config"}


def _keras_bindings(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to Keras (modules, submodules or classes), and names bound to the tensorflow module."""
    keras_names, tf_names = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tensorflow.keras") and alias.asname:
                    keras_names.add(alias.asname)
                elif alias.name == "tensorflow" or alias.name.startswith("tensorflow."):
                    tf_names.add(alias.asname or "tensorflow")
                elif alias.name == "keras" or alias.name.startswith("keras."):
                    keras_names.add(alias.asname or "keras")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if _is_keras_module(node.module) or (node.module == "tensorflow" and alias.name == "keras"):
                    keras_names.add(alias.asname or alias.name)
    return keras_names, tf_names


def _is_keras_module(module: str) -> bool:
    return module == "keras" or module.startswith(("keras.", "tensorflow.keras", "tensorflow.python.keras"))


def _is_keras(node: ast.AST, keras_names: set[str], tf_names: set[str]) -> bool:
    """A Name bound to Keras, or an attribute chain `tf.keras...`."""
    if isinstance(node, ast.Name):
        return node.id in keras_names
    if isinstance(node, ast.Attribute) and node.attr == "keras":
        return isinstance(node.value, ast.Name) and node.value.id in tf_names
    return False


def _keras_references(node: ast.AST, keras_names: set[str], tf_names: set[str]) -> list[str]:
    return [
        f"line {n.lineno}: `{ast.unparse(n)}`" for n in ast.walk(node) if _is_keras(n, keras_names, tf_names)
    ]


def generated_statements(original: str, lowered: str) -> tuple[list[ast.stmt], list[ast.stmt]]:
    """(new imports, other new top-level statements); user statements edited in place are excluded."""
    source_tree = ast.parse(original)
    unchanged = Counter(ast.dump(s) for s in source_tree.body)
    user_targets = {
        t.id for s in source_tree.body if isinstance(s, ast.Assign) for t in ast.walk(s) if isinstance(t, ast.Name)
    }
    imports, generated = [], []
    for stmt in ast.parse(lowered).body:
        dump = ast.dump(stmt)
        if unchanged[dump] > 0:
            unchanged[dump] -= 1
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            imports.append(stmt)
        elif isinstance(stmt, ast.Expr) or (
            isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) and t.id in user_targets for t in stmt.targets)
        ):
            continue  # the user's own statement with a constructor call replaced
        else:
            generated.append(stmt)
    return imports, generated


def _is_layer_base(base: ast.expr, keras_names: set[str], tf_names: set[str]) -> bool:
    text = ast.unparse(base)
    root = base
    while isinstance(root, ast.Attribute):
        root = root.value
    rooted_in_keras = isinstance(root, ast.Name) and (root.id in keras_names or root.id in tf_names)
    return rooted_in_keras and (text.endswith(".layers.Layer") or text.endswith(".Layer") or text == "Layer")


def check_layer_mode(original: str, lowered: str) -> list[str]:
    tree = ast.parse(lowered)
    keras_names, tf_names = _keras_bindings(tree)
    imports, generated = generated_statements(original, lowered)
    problems = [f"new import of Keras internals: `{ast.unparse(i)}`" for i in imports if _imports_keras_member(i)]
    classes = [s for s in generated if isinstance(s, ast.ClassDef)]
    if not classes:
        problems.append("the lowering added no layer class")
    for stmt in generated:
        if not isinstance(stmt, ast.ClassDef):
            problems += [f"outside a class, {r}" for r in _keras_references(stmt, keras_names, tf_names)]
            continue
        if not stmt.name.startswith("Tf"):
            problems.append(f"class {stmt.name} is not named Tf<Layer>")
        if len(stmt.bases) != 1 or not _is_layer_base(stmt.bases[0], keras_names, tf_names):
            problems.append(f"class {stmt.name} must derive from keras.layers.Layer only")
        for part in stmt.body + stmt.decorator_list + stmt.keywords:
            problems += [f"in {stmt.name}, {r}" for r in _keras_references(part, keras_names, tf_names)]
        problems += _inherited_machinery(stmt)
    return problems


def _imports_keras_member(stmt: ast.stmt) -> bool:
    """`import keras` (or `from tensorflow import keras`) for the base class is fine; `from keras import ops` is not."""
    whole_module = (isinstance(stmt, ast.Import) and [a.name for a in stmt.names] == ["keras"]) or (
        isinstance(stmt, ast.ImportFrom) and stmt.module == "tensorflow" and [a.name for a in stmt.names] == ["keras"]
    )
    return _imports_any_keras(stmt) and not whole_module


def _inherited_machinery(cls: ast.ClassDef) -> list[str]:
    """Calls into Keras's Layer machinery: `super().call(...)` and `self.x()` not defined by the class."""
    own = {f.name for f in cls.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    own |= {  # attributes the class sets itself, such as `self.activation = activation`
        t.attr for n in ast.walk(cls) if isinstance(n, (ast.Assign, ast.AnnAssign)) for t in
        (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
    }
    problems = []
    for node in ast.walk(cls):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver, method = node.func.value, node.func.attr
        if isinstance(receiver, ast.Call) and ast.unparse(receiver.func) == "super" and method not in ALLOWED_SUPER_CALLS:
            problems.append(f"in {cls.name}, line {node.lineno}: `super().{method}` uses Keras's implementation")
        if isinstance(receiver, ast.Name) and receiver.id == "self" and method not in own and method != "add_weight":
            problems.append(f"in {cls.name}, line {node.lineno}: `self.{method}` is Keras machinery")
    return problems


def check_module_mode(original: str, lowered: str, class_name: str) -> list[str]:
    tree = ast.parse(lowered)
    keras_names, tf_names = _keras_bindings(tree)
    imports, generated = generated_statements(original, lowered)
    problems = [f"module mode imports Keras: `{ast.unparse(i)}`" for i in imports if _imports_any_keras(i)]
    module_classes = [s for s in generated if isinstance(s, ast.ClassDef) and s.name == class_name]
    if not module_classes:
        problems.append(f"the lowering added no class {class_name}")
    for cls in module_classes:
        if [ast.unparse(b) for b in cls.bases] not in ([f"{t}.Module"] for t in tf_names):
            problems.append(f"class {class_name} must derive from tf.Module only, not {[ast.unparse(b) for b in cls.bases]}")
    for stmt in generated:
        parts = stmt.body if isinstance(stmt, ast.ClassDef) else [stmt]
        for part in parts:
            if isinstance(part, ast.FunctionDef) and part.name == "load_keras_weights":
                continue  # the one place that reads the Keras model
            problems += _keras_references(part, keras_names, tf_names)
    return problems


def _imports_any_keras(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.ImportFrom):
        module = stmt.module or ""
        return _is_keras_module(module) or (module == "tensorflow" and any(a.name == "keras" for a in stmt.names))
    return any(a.name == "keras" or _is_keras_module(a.name) for a in stmt.names)
