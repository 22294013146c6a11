from reglab.operations.checks import static_files_collected

MANIFEST = {"staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}


def test_deploy_check_warns_until_static_files_are_collected(settings, tmp_path):
    settings.DEBUG = False
    settings.STORAGES = {**settings.STORAGES, **MANIFEST}
    settings.STATIC_ROOT = tmp_path
    [warning] = static_files_collected()
    assert warning.id == "reglab.W001" and "collectstatic" in warning.hint
    (tmp_path / "staticfiles.json").write_text("{}")
    assert static_files_collected() == []
