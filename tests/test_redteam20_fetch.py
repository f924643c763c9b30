"""A host that answers nothing (down behind a firewall that drops packets, or accepting connections and never
answering): its feeds' fetches each waited out the whole timeout, four at a time (feeds.fetch_order's cap a host),
so a hundred subscriptions on it held a refresh for eight minutes. Once one of its fetches ends with no answer at
all, and it has answered no other, the rest are not asked in this refresh; a host that answers other feeds is up,
and a feed of its that hangs is only that feed. Real servers on 127.0.0.1 and 127.0.0.2 (two hosts) that hold
their answers past the fetch's deadline.
"""

from __future__ import annotations

from feeds.fetch import FetchRequest, fetch_many
from tests.feedgen import make_feed
from tests.httpserver import FeedServer


def test_the_rest_of_a_host_that_answers_nothing_is_not_asked() -> None:
    with FeedServer() as down, FeedServer(host="127.0.0.2") as up:
        down_paths = [f"/down{n}.xml" for n in range(12)]
        up_paths = [f"/up{n}.xml" for n in range(6)]  # the first hangs; the others answer
        gates = [down.hold(path) for path in down_paths] + [up.hold(up_paths[0])]
        for n, path in enumerate(down_paths):
            down[path] = make_feed(n, 2)
        for n, path in enumerate(up_paths):
            up[path] = make_feed(100 + n, 2)
        try:
            reqs = [FetchRequest(down.url(p)) for p in down_paths] + [
                FetchRequest(up.url(p)) for p in up_paths
            ]
            results = {r.url: r for r in fetch_many(reqs, timeout=1.0)}
        finally:
            for gate in gates:
                gate.set()
        assert len(results) == len(reqs)
        asked = [down.count(p) for p in down_paths]
        assert asked == [1, 1, 1, 1] + [0] * 8, asked
        for path in down_paths[:4]:
            assert results[down.url(path)].error == "timed out after 1 s"
        for path in down_paths[4:]:
            error = results[down.url(path)].error
            assert error == "not asked: 127.0.0.1 did not answer another feed (timed out after 1 s)", error
        assert [up.count(p) for p in up_paths] == [1] * 6
        assert results[up.url(up_paths[0])].error == "timed out after 1 s"
        assert all(results[up.url(p)].outcome == "ok" for p in up_paths[1:])
