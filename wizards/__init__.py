from . import phone_call_callback_wizard
from . import phone_account_issue_wizard
from . import phone_account_password_wizard
from . import phone_account_freeze_wizard
