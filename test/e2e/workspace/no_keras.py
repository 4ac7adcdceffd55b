# A Python file that never imports Keras: the extension must stay out of its way.
def add(a, b):
    return a + b
