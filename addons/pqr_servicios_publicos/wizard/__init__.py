from . import pqr_request_register_notification
from . import pqr_request_file_recurso
from . import pqr_request_recognize_sap
from . import pqr_request_sspd_decision
from . import pqr_request_transfer
from . import pqr_request_ask_completion
from . import pqr_request_register_completion
