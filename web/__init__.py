"""The web player's templates and static files, shipped inside the wheel as the package `audionews.web`."""
