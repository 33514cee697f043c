from . import phone_call_callback_wizard
from . import phone_call_correction_wizard
