from . import cs_farewell_wizard
from . import cs_search_wizard
