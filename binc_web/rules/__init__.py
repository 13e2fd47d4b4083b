"""Domain rules of SPEC.md as plain functions.

No Flask, SQLAlchemy or WTForms here (a test guards it): rules take values and return problems
(blocking, Dutch messages) or warnings (confirmable). Each rule names its SPEC id.
"""
