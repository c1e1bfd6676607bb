from __future__ import annotations

from tests.backoffice.conftest import author_user, publisher  # noqa: F401 - the same accounts as fixtures
from tests.delivery.conftest import book  # noqa: F401 - the same book as fixture
from tests.public.conftest import demo  # noqa: F401 - the demo content as fixture
