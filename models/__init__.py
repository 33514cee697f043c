from . import res_company
from . import res_config_settings
from . import hr_department
from . import phone_call_category
from . import phone_call
from . import res_partner
from . import hr_employee
from . import mail_activity
