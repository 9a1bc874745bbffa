from . import cs_farewell_wizard
from . import cs_satisfaction_report_wizard
