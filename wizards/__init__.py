from . import phone_call_callback_wizard
