"""The settings tests use the delivery tests' book, with its e-book masters."""

from tests.delivery.conftest import book  # noqa: F401 - a fixture
