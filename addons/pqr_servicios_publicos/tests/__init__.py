from . import test_business_days
from . import test_pqr_request
from . import test_radicado_concurrency
from . import test_security
from . import test_alerts
from . import test_resolution
from . import test_letters
from . import test_wizards
