from . import sui_layout
from . import sui_layout_column
from . import sui_service_interruption
from . import sui_report
from . import sui_report_finding
from . import pqr_field_order
from . import pqr_indicator
from . import pqr_indicator_value
