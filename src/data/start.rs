//! The start form's data: the source's groups and projects, destination checks, recent migrations.
