"""Merge conflicts in words: steps and connections by name, paths without JSON pointers."""

from __future__ import annotations

from tests.model.test_merge import doc

from flowdesk.model.merge import conflict_text, merge_documents


def _texts(mine, theirs) -> dict[str, str]:  # type: ignore[no-untyped-def]
    result = merge_documents(doc(), mine, theirs)
    names = result.names()
    return {c.id: conflict_text(c, names) for c in result.conflicts}


def test_both_sides_changing_a_config_value_names_the_step() -> None:
    texts = _texts(doc(lambda d: d["graph"]["nodes"][2]["config"].update(channel="#a")),
                   doc(lambda d: d["graph"]["nodes"][2]["config"].update(channel="#b")))
    assert texts == {"/graph/nodes/notify/config/channel":
                     "Both sides changed “Notify” › config › channel"}


def test_a_step_removed_in_the_draft_is_still_named() -> None:
    def remove_notify(d: dict) -> None:
        d["graph"]["nodes"] = [n for n in d["graph"]["nodes"] if n["id"] != "notify"]
        d["graph"]["edges"] = [e for e in d["graph"]["edges"] if e["id"] not in ("e2", "e3")]
        d["graph"]["edges"].append({"id": "e4", "source": "fetch", "target": "end"})

    texts = _texts(doc(remove_notify),
                   doc(lambda d: d["graph"]["nodes"][2]["config"].update(text="all done")))
    assert "Your draft removed “Notify”; the latest version changed it" in texts.values()
    assert not any("notify" in t or "/graph/" in t for t in texts.values())


def test_an_edge_is_named_by_its_ends() -> None:
    texts = _texts(doc(lambda d: d["graph"]["edges"][1].update(condition="onFailure")),
                   doc(lambda d: d["graph"]["edges"][1].update(condition="always")))
    assert list(texts.values()) == ["Both sides changed “Fetch -> Notify” › condition"]


def test_parameters_env_and_secrets_in_words() -> None:
    def mine(d: dict) -> None:
        d["parameterSchema"]["properties"]["count"]["minimum"] = 1
        d["envConfig"]["env"]["REGION"] = "us"
        d["envConfig"]["secrets"]["TOKEN"]["connectionId"] = "c2"

    def theirs(d: dict) -> None:
        d["parameterSchema"]["properties"]["count"]["minimum"] = 5
        d["envConfig"]["env"]["REGION"] = "ap"
        d["envConfig"]["secrets"]["TOKEN"]["connectionId"] = "c3"

    texts = set(_texts(doc(mine), doc(theirs)).values())
    assert texts == {
        "Both sides added parameter count › minimum, differently",
        "Both sides changed environment variable REGION",
        "Both sides changed secret reference TOKEN › connectionId",
    }


def test_a_nested_parameter_reads_as_a_dotted_name() -> None:
    def nested(city_type: str):  # type: ignore[no-untyped-def]
        def edit(d: dict) -> None:
            d["parameterSchema"]["properties"]["customer"] = {
                "type": "object", "properties": {"city": {"type": city_type}}}
        return edit

    texts = _texts(doc(nested("string")), doc(nested("integer")))
    assert list(texts.values()) == ["Both sides added parameter customer, differently"]
    base_has_it = doc(nested("number"))
    result = merge_documents(base_has_it, doc(nested("string")), doc(nested("integer")))
    assert [conflict_text(c, result.names()) for c in result.conflicts] == [
        "Both sides changed parameter customer.city › type"]
