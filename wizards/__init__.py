from . import cs_farewell_wizard
from . import cs_satisfaction_report_wizard
from . import cs_consent_record_wizard
from . import cs_collection_wizard
from . import cs_escalation_wizard
from . import cs_search_wizard
from . import cs_greeting_wizard
from . import cs_loyalty_reward_wizard
