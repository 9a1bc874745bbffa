from . import sms_length
from . import template_check
from . import protocol_match
from . import opening_hours
from . import deadlines
from . import escalation_match
