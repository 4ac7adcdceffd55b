"""Embedding: vocabulary and embedding sizes, ids of rank 1 to 3, ids that use only part of the
vocabulary, the default RandomUniform(-0.05, 0.05) and every other initializer family, the deprecated
input_length. (mask_zero=True and Masking are refused: keras-lower does not propagate masks.)"""
from ..spec import Case, Family, Mutant

# (arguments, id shape without the batch, exclusive upper bound of the ids)
CONFIGS = [
    ("10, 4", (5,), 10),
    ("10, 4", (1,), 10),
    ("input_dim=7, output_dim=3", (4, 3), 7),
    ("100, 8", (6,), 100),
    ("5, 1", (5,), 5),
    ("3, 16", (2,), 3),
    ("1, 4", (3,), 1),
    ("50, 4", (7,), 10),
    ("12, 5", (2, 2, 3), 12),
    ("10, 4, mask_zero=False", (5,), 10),
    ("10, 4, input_length=5", (5,), 10),
    ("10, 4, embeddings_initializer='uniform'", (5,), 10),
    ("10, 4, 'random_normal'", (5,), 10),
    ("40, 6, embeddings_initializer='glorot_uniform'", (5,), 40),
    ("40, 6, embeddings_initializer='he_normal'", (5,), 40),
    ("40, 6, embeddings_initializer='lecun_normal'", (5,), 40),
    ("40, 6, embeddings_initializer='truncated_normal'", (5,), 40),
    ("40, 6, embeddings_initializer='RandomUniform'", (5,), 40),
    ("40, 6, embeddings_initializer='variance_scaling'", (5,), 40),
    ("40, 6, embeddings_initializer='orthogonal'", (5,), 40),
    ("6, 6, embeddings_initializer='identity'", (5,), 6),
    ("40, 6, embeddings_initializer='zeros'", (5,), 40),
    ("40, 6, embeddings_initializer='ones'", (5,), 40),
]

EMBEDDING = Family(
    "Embedding",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    tuple(
        Case(f"embedding_{i}", f"keras.layers.Embedding({args})", shape, int_high=high)
        for i, (args, shape, high) in enumerate(CONFIGS)
    ),
)

FAMILIES = (EMBEDDING,)

MUTANTS = (
    Mutant("embedding_ids_off_by_one", "Embedding", "matrix_embedding", "embedding_0", "embedding",
           r"return tf\.gather\(self\.embeddings, inputs, axis=0\)",
           "return tf.gather(self.embeddings, tf.minimum(inputs + 1, self.input_dim - 1), axis=0)",
           "ids read as 1-based: each id fetches the next row"),
    Mutant("module_embedding_rows_as_columns", "module", "matrix_embedding", "embedding_20", None,
           r"embedding_20 = tf\.gather\(self\.embedding_20_embeddings, embedding_20_ids, axis=0\)",
           "embedding_20 = tf.gather(tf.transpose(self.embedding_20_embeddings), embedding_20_ids, axis=0)",
           "a square table's columns gathered instead of its rows (same shape)"),
)
