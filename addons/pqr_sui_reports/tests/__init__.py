from . import test_formato_a
from . import test_interruptions
from . import test_indicators
