"""The keras-lower oracle: runs real Keras and the engine's lowerings on the same numbers.

The parent side (engine, programs, lowering plan, AST checks) needs only the standard library; the
Keras side (worker and its helpers) runs in a fresh Python process per fixture program.
"""
