// Keras merges masked inputs by mask-aware rules (Maximum keeps the unmasked value, Multiply uses 1 for
// masked entries) and passes a merged mask on. The generated merge classes raise on masked inputs
// rather than merge them differently.

/** The first lines of a generated merge class's `call(self, inputs, mask=None)`. */
export function maskGuard(className: string): string {
  return `        if mask is not None and any(m is not None for m in mask):
            raise ValueError("Tf${className}: masked inputs are not lowered by keras-lower; keep keras.layers.${className}")`;
}
