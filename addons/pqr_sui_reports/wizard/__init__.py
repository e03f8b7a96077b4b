from . import sui_report_wizards
from . import pqr_indicator_recompute
