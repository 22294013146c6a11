"""Stop an upload as soon as it passes the size limit, instead of spooling a huge file to disk."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    """First in the chain: counts bytes and stops the upload once `limit` is exceeded.

    The view then sees `request.upload_too_large` and shows the one-line message. (No early
    refusal on Content-Length: the CSRF token field comes before the file in the body and must
    still be parsed, so the handler lets fields through and cuts the file at the limit.)
    """

    def __init__(self, request, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
