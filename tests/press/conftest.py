from tests.delivery.conftest import book  # noqa: F401 - the book with e-book masters, as fixture
