from . import satisfaction
from . import cs_followup
from . import portal
