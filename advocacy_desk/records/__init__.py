"""Records: the frozen values the services return and the exports write.

They import only ``advocacy_desk.domain`` (never SQLAlchemy or a service), so a
document writer or a page can import a record without loading the database layer."""
