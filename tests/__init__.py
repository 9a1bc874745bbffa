from . import test_tools
from . import test_protocol
from . import test_greeting_farewell
from . import test_access
from . import test_tour
from . import test_intake_tools
from . import test_intake
from . import test_intake_http
