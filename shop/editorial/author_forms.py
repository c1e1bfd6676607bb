"""The press desk's forms; every text field is stored as typed and sanitised when shown (nh3)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, Optional, ValidationError

from shop.core.parsing import HtmlForm, date_in_range, no_control_chars
from shop.core.templating import CATEGORY_LABELS
from shop.core.urls import WebURL, is_web_url
from shop.editorial.models import ReviewCategory

CATEGORY_CHOICES = [SelectChoice(c.value, CATEGORY_LABELS[c]) for c in ReviewCategory]


class ReviewForm(HtmlForm):
    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Please give a title.")), no_control_chars, Length(max=300)]
    )
    outlet = StringField(
        _l("Outlet"),
        validators=[InputRequired(_l("Please name the outlet.")), no_control_chars, Length(max=200)],
    )
    reviewer = StringField(_l("Reviewer"), validators=[Optional(), no_control_chars, Length(max=200)])
    published_on = DateField(
        _l("Publication date"),
        validators=[InputRequired(_l("Please give the publication date.")), date_in_range],
    )
    url = URLField(
        _l("Link to the original"),
        validators=[
            Optional(),
            no_control_chars,
            Length(max=500),
            URL(require_tld=True, message=_l("Please give a full web address (https://...).")),
            WebURL(),
        ],
    )
    excerpt = TextAreaField(_l("Quote"), validators=[Optional(), no_control_chars, Length(max=1000)])
    body_markdown = TextAreaField(
        _l("Full text (Markdown), only with the outlet's permission"),
        validators=[Optional(), no_control_chars, Length(max=50000)],
    )
    permission_note = StringField(
        _l("Permission note"), validators=[Optional(), no_control_chars, Length(max=500)]
    )
    category = SelectField(_l("Category"), choices=CATEGORY_CHOICES)
    tags = StringField(
        _l("Tags, separated by commas"), validators=[Optional(), no_control_chars, Length(max=300)]
    )
    logo = FileField(_l("Outlet logo (PNG, JPEG, WebP or GIF, 5 MB at most)"))
    status = SelectField(
        _l("Status"), choices=[SelectChoice("draft", _l("Draft")), SelectChoice("published", _l("Publish"))]
    )


class ProfileForm(HtmlForm):
    bio_fr = TextAreaField(
        _l("Biography (French)"), validators=[Optional(), no_control_chars, Length(max=5000)]
    )
    bio_en = TextAreaField(
        _l("Biography (English)"), validators=[Optional(), no_control_chars, Length(max=5000)]
    )
    photo = FileField(_l("Photo (PNG, JPEG, WebP or GIF, 5 MB at most)"))
    links = TextAreaField(
        _l("Links, one per line: label | https://..."),
        validators=[Optional(), no_control_chars, Length(max=3000)],
    )

    def validate_links(self, field: TextAreaField) -> None:
        for line in (field.data or "").splitlines():
            url = line.partition("|")[2].strip()
            if line.strip() and not is_web_url(url, allow_mailto=True):
                raise ValidationError(
                    _l(
                        "Each line needs a label, then | and a web address (https://...): %(line)s",
                        line=line[:80],
                    )
                )


class InterviewForm(HtmlForm):
    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Please give a title.")), no_control_chars, Length(max=300)]
    )
    interviewees = StringField(
        _l("Interviewees"),
        validators=[InputRequired(_l("Please name who was interviewed.")), no_control_chars, Length(max=300)],
    )
    interviewer = StringField(_l("Interviewer"), validators=[Optional(), no_control_chars, Length(max=200)])
    held_on = DateField(_l("Date"), validators=[InputRequired(_l("Please give the date.")), date_in_range])
    introduction = TextAreaField(
        _l("Introduction"), validators=[Optional(), no_control_chars, Length(max=3000)]
    )
    body_markdown = TextAreaField(
        _l("Questions and answers (Markdown: one '## Question' heading per question)"),
        validators=[Optional(), no_control_chars, Length(max=50000)],
    )
    media_url = URLField(
        _l("Audio or video link (optional)"),
        validators=[
            Optional(),
            no_control_chars,
            Length(max=500),
            URL(require_tld=True, message=_l("Please give a full web address (https://...).")),
            WebURL(),
        ],
    )
    status = SelectField(
        _l("Status"), choices=[SelectChoice("draft", _l("Draft")), SelectChoice("published", _l("Publish"))]
    )
