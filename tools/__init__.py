from . import sms_length
from . import template_check
from . import protocol_match
from . import opening_hours
from . import gdpr_deadline
from . import contact_validation
