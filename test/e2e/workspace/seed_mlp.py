# The seed article's first example: a 784-128-10 MLP, compiled for classification.
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([
  keras.layers.Dense(128, activation='relu', input_shape=(784,)),
  keras.layers.Dense(10, activation='softmax')
])
model.compile(optimizer='adam',
              loss='categorical_crossentropy',
              metrics=['accuracy'])
