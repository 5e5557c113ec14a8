"""Server: the web library and player over HTTP.

`create_app(data_dir, settings)` builds the Flask app: the pages (`app`), the JSON API (`api`),
the library (`audionews.library`, shared with the CLI), the background clip maker (`producer`) and
feed polling (`poller`); `serve` runs it with waitress; `add_sample` puts the bundled sample in the library.
"""
from audionews.server.app import add_sample, create_app, serve

__all__ = ["add_sample", "create_app", "serve"]
