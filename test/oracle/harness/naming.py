"""Names the lowering contract fixes, shared by the parent process and the Keras worker."""


def module_class_name(variable: str) -> str:
    """Module mode's class: PascalCase of the model variable + `TF` (`model` -> `ModelTF`)."""
    return "".join(part[:1].upper() + part[1:] for part in variable.split("_") if part) + "TF"


def layer_class_name(keras_class: str) -> str:
    """Layer mode's class: `Tf` + the Keras class (`Dense` -> `TfDense`)."""
    return "Tf" + keras_class
