from . import phone_directory
from . import phone_directory_report
