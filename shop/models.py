"""Import every model so Alembic and the test suite see the whole schema."""

from shop.accounts.models import Role, User
from shop.audience.models import DailySalt, DailyStat, DailyTotal, OrderSource, RawHit
from shop.catalog.models import Author, Book, ChangeLog, Edition, EditionFormat, Publisher, RetailerLink
from shop.catalog.stock import StockMovement
from shop.downloads.models import DownloadGrant, DownloadLog, EbookCopy, EbookMaster
from shop.editorial.comments import Comment, CommentStatus, CommentTarget
from shop.editorial.models import Interview, PressReview, PublicationStatus, ReviewCategory, Tag
from shop.events.models import Event
from shop.invoices.models import Invoice, InvoiceCounter
from shop.mailing.models import Mailing, Subscriber
from shop.orders.models import Order, OrderEvent, OrderLine, PaymentProvider
from shop.orders.refund_model import Refund, RefundStatus
from shop.orders.states import OrderStatus, PaymentStatus
from shop.outbox.models import OutboxEmail
from shop.payments.models import StripeEvent
from shop.press.models import ReviewCopyRequest
from shop.public.content_version import ContentVersion
from shop.settings.models import LegalVersion, ShopSettings
from shop.shipping.rates_model import ShippingZone, ZoneCountry

__all__ = [
    "Author",
    "Book",
    "ChangeLog",
    "Comment",
    "CommentStatus",
    "CommentTarget",
    "ContentVersion",
    "DailySalt",
    "DailyStat",
    "DailyTotal",
    "DownloadGrant",
    "DownloadLog",
    "EbookCopy",
    "EbookMaster",
    "Edition",
    "EditionFormat",
    "Event",
    "Interview",
    "Invoice",
    "InvoiceCounter",
    "LegalVersion",
    "Mailing",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderSource",
    "OrderStatus",
    "OutboxEmail",
    "PaymentProvider",
    "PaymentStatus",
    "PressReview",
    "PublicationStatus",
    "Publisher",
    "RawHit",
    "Refund",
    "RefundStatus",
    "RetailerLink",
    "ReviewCategory",
    "ReviewCopyRequest",
    "Role",
    "ShippingZone",
    "ShopSettings",
    "StockMovement",
    "StripeEvent",
    "Subscriber",
    "Tag",
    "User",
    "ZoneCountry",
]
