from . import test_formato_a
