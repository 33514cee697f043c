from . import models
from . import wizards
from . import reports
from . import controllers
from .hooks import pre_init_hook, post_init_hook, uninstall_hook
