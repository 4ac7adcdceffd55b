import { ExitCode } from './errors.ts';

export const helpText = `keras-lower: the explicit TensorFlow behind your Keras models

Usage:
  keras-lower summary FILE [--model VAR] [--json]
  keras-lower lower FILE [--model VAR] [--layer NAME] [--mode layer|module] [--diff|--write|-o OUT] [--json]
  keras-lower verify FILE [--model VAR] [--python PATH] [--json]
  keras-lower rules [--json]
  keras-lower --help

Commands:
  summary   Print each model's layers, output shapes and parameter counts like Keras's model.summary().
            --json prints the summary contract: {"models": [{"variable", "name", "class", "layers", ...}]}.
  lower     Rewrite a model (or one layer with --layer) into explicit TensorFlow and print the new file.
            --mode module (the default) writes a tf.Module beside the Keras model; --mode layer replaces
            layers with explicit-ops layers and keeps the model in Keras (the default with --layer).
            Without --model: the file's only model, or every model in the file.
  verify    Run, per model, only the statements of FILE that build it (never its data loading, training,
            plotting or file writes) and its lowerings with your own Python and TensorFlow (python3, or
            --python PATH), and print each lowered layer's and the module's worst absolute and relative
            error against Keras on random inputs.
  rules     List the Keras layers and activations keras-lower lowers, with how each argument is handled.

Options:
  --model VAR    the Python variable the model is bound to
  --layer NAME   a layer by its Keras name (dense_1), within --model if given
  --mode MODE    layer or module
  --diff         print a unified diff instead of the new file
  --write        rewrite FILE in place
  -o, --output OUT  write to OUT: in module mode a standalone file with only the TensorFlow module,
                 in layer mode the lowered file
  --python PATH  the Python interpreter verify runs (default python3)
  --json         print machine-readable JSON
  -h, --help     show this help

Notebooks (.ipynb): the code cells in order are one program (IPython %, %% and ! lines skipped); positions
print as FILE:cell N:LINE:COL (N counts every cell from 1) while --json ranges are in that program. lower
prints, diffs and -o writes a plain Python file (# %% per cell); --write changes only the cells' sources.

Files: FILE is read as Python reads it: UTF-8, or the encoding its PEP 263 coding cookie names (Latin-1,
ASCII and cp1252 are read too), and written back in the encoding the written text declares. --write and -o
write a temporary file beside the target and rename it over the target only once it is complete, so a
failure (a full disk, a size limit) leaves the original as it was; they need write permission on the
target's directory. A symbolic link is written through: the file it points to is replaced, the link stays.
The replaced file keeps its permission bits (other hard links to it keep the old text).

Exit codes:
  ${ExitCode.ok}  success
  ${ExitCode.internal}  internal error (a bug: please report it)
  ${ExitCode.usage}  usage error
  ${ExitCode.fileNotFound}  no such file
  ${ExitCode.notPython}  not Python source (not .py/.pyw/.ipynb, binary, not valid in its encoding, an encoding
     keras-lower does not read, or not an nbformat 4 notebook)
  ${ExitCode.syntaxError}  the code does not parse (the first error's line:col is printed)
  ${ExitCode.noModel}  no Keras model found, or no model/layer with the requested name
  ${ExitCode.refused}  lowering refused (each reason is printed with its line:col)
  ${ExitCode.notVerified}  verify: a lowering differs from Keras
  ${ExitCode.cannotVerify}  verify: no Python, no TensorFlow/Keras 3, or the file itself fails to run
  ${ExitCode.notAFile}  a directory, a named pipe (FIFO), a socket or a device where a file was expected
  ${ExitCode.unreadable}  the file cannot be read (permission denied, a symbolic link loop, an I/O error)
  ${ExitCode.cannotWrite}  --write or -o failed (the target is left as it was)
`;
