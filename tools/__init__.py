from . import sms_length
from . import template_check
from . import protocol_match
from . import opening_hours
from . import satisfaction_metrics
from . import satisfaction_typology
from . import satisfaction_conclusions
from . import satisfaction_charts
