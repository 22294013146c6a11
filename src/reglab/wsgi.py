import os

from django.core.wsgi import get_wsgi_application

from reglab.core.datadir import data_dir_create

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
application = get_wsgi_application()
data_dir_create()
