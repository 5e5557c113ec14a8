"""Server: the web library and player over HTTP.

`create_app(data_dir, settings)` builds the Flask app: the pages (`app`), the JSON API (`api`),
the SQLite library of articles and listening positions (`library`) and the background clip maker
(`producer`); `serve` runs it with waitress; `add_sample` puts the bundled sample in the library.
"""
from audionews.server.app import add_sample, create_app, serve

__all__ = ["add_sample", "create_app", "serve"]
