from . import cs_farewell_wizard
from . import cs_escalation_wizard
