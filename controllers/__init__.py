from . import satisfaction
