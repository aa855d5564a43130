"""Compatibility: the section registry moved to ``thaothiam.core.sections`` (docs/decisions/0140).

Kept only so that code written against the old path on branches merged later still imports; new code
imports ``thaothiam.core.sections``."""

from thaothiam.core.sections import Provider, Scope, Section, Sheet, collect, providers, register

__all__ = ["Provider", "Scope", "Section", "Sheet", "collect", "providers", "register"]
