# The seed article's first example, trained: compile() as the article writes it, then a few epochs of fit().
import numpy as np
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([
  keras.layers.Dense(128, activation='relu', input_shape=(784,)),
  keras.layers.Dense(10, activation='softmax')
])
model.compile(optimizer='adam',
              loss='categorical_crossentropy',
              metrics=['accuracy'])

rng = np.random.default_rng(0)
x_train = rng.random((512, 784), dtype=np.float32)
y_train = keras.utils.to_categorical(rng.integers(0, 10, 512), 10)
history = model.fit(x_train, y_train, batch_size=64, epochs=3, validation_split=0.125)
model.evaluate(x_train, y_train, batch_size=128)
predictions = model.predict(x_train[:8])
