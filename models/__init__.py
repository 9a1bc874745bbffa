from . import cs_address_form
from . import res_partner
from . import helpdesk_ticket_channel
from . import cs_service_protocol
from . import helpdesk_ticket
