import os

from django.core.asgi import get_asgi_application

from reglab.core.datadir import data_dir_create

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
application = get_asgi_application()
data_dir_create()
