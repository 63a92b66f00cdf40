"""Request bodies (responses are the read models' own dataclasses, as JSON)."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

MAX_QUESTION_CHARS = 10_000  # the parser reads the first 2,000; longer is refused, not cut


class AskRequest(BaseModel):
    question: str = Field(..., max_length=MAX_QUESTION_CHARS, description="A question in plain English.")
    previous: str = Field(
        "",
        max_length=MAX_QUESTION_CHARS,
        description="The question asked before in the same conversation, so a follow-up (“and who denied it?”) "
        "is read against it.",
    )


class ArticleIn(BaseModel):
    """Either ``text`` (with optional metadata) or ``url`` (fetched like ``kg ingest URL``)."""

    text: str | None = Field(None, description="The article text; the first line is the title unless one is given.")
    url: str | None = Field(None, max_length=2048, description="An http(s) URL to fetch and ingest.")
    title: str = Field("", max_length=1000)
    outlet: str = Field("", max_length=300)
    published: str = Field("", max_length=64, description="ISO-8601 date or date-time.")
    author: str = Field("", max_length=500, description="The by-line.")
    uri: str = Field("", max_length=2048, description="Where the text comes from, if anywhere.")

    @model_validator(mode="after")
    def one_source(self) -> ArticleIn:
        if (self.text is None) == (self.url is None):
            raise ValueError("give either 'text' or 'url'")
        return self
