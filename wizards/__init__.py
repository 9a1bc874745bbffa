from . import cs_farewell_wizard
