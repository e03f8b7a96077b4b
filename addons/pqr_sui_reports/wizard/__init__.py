from . import sui_report_wizards
