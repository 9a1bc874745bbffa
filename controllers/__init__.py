from . import satisfaction
from . import cs_followup
from . import cs_loyalty_portal
from . import cs_privacy_portal
from . import intake
from . import cs_tracking
from . import cs_call_api
