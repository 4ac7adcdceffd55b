# The seed article's second example: one convolution, pooling, and a classifier on 28x28x1 images.
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([
  keras.layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)),
  keras.layers.MaxPooling2D((2, 2)),
  keras.layers.Flatten(),
  keras.layers.Dense(10, activation='softmax')
])
