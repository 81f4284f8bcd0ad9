"""What the cross-record checks ask of the index, beyond the records themselves: the records in
scope, ballot ids, meeting dates, voting membership and the meeting log, each worked out once
and forgotten when the records change (`forget_derived`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from clerk.lazy_meetings import LazyMeetingLog
from clerk.records import Ballot, Meeting, Roster, Rules
from clerk.tally import MeetingLog

if TYPE_CHECKING:
    from clerk.repository import Record


class IndexFacts:
    """Mixed into clerk.repository.Index, whose fields and loading methods these read."""

    rules: Rules
    roster: Roster
    brief: bool
    scope: frozenset[str] | None
    _ballots: list[Ballot] | None
    _meetings: list[Meeting] | None
    _meeting_log: MeetingLog | None
    _known_ids: set[str] | None
    _by_id: dict[str, list[Ballot]] | None
    _meeting_dates: set[str] | None
    _voting: dict[str, bool | None]
    _voting_of: tuple[int, int]

    ballots: list[Ballot]
    meetings: list[Meeting]
    unloaded_ballots: set[str]

    def record(self, relpath: str, whole: bool = False) -> Record | None:
        raise NotImplementedError

    def _ballot_path(self, ballot_id: str, canonical: str | None) -> str | None:
        raise NotImplementedError

    @property
    def checked_ballots(self) -> list[Ballot]:
        """The ballots whose checks run: all of them, or those among `scope`."""
        if self.scope is None:
            return self.ballots
        return [r for r in self._scoped() if isinstance(r, Ballot)]

    @property
    def checked_meetings(self) -> list[Meeting]:
        if self.scope is None:
            return self.meetings
        return [r for r in self._scoped() if isinstance(r, Meeting)]

    def _scoped(self) -> Iterator[Record]:
        for relpath in sorted(self.scope or ()):
            record = self.record(relpath)
            if record is not None:
                yield record

    def forget_derived(self) -> None:
        """Drop what was worked out from the records (ids, dates, the meeting log), for a caller
        that edits `ballots` or `meetings` in place between two runs of the checks."""
        self._known_ids = None
        self._by_id = None
        self._meeting_dates = None
        if self._meetings is not None and not self.brief:
            self._meeting_log = None

    def known_ballot_ids(self) -> set[str]:
        """Ids of every ballot, and the names of ballot files that did not load."""
        if self._known_ids is None:
            self._known_ids = {b.id for b in self.ballots if b.id} | self.unloaded_ballots
        return self._known_ids

    def has_ballot(self, canonical: str) -> bool:
        """Whether a ballot has this id (or a ballot file of that name did not load). A lazy
        index reads the file the id names, and all of them only when that file is not it."""
        if self._ballots is None:
            path = self._ballot_path(canonical, canonical)
            if path is not None:
                found = self.record(path)
                if found is None or (isinstance(found, Ballot) and found.id == canonical):
                    return True
        return canonical in self.known_ballot_ids()

    def ballots_with_id(self, ballot_id: str) -> list[Ballot]:
        """The ballots that carry this exact id, in file order. A lazy index looks only at the
        file the id names: another ballot with the id is misnamed, which its own check says."""
        if self._ballots is None:
            path = self._ballot_path(ballot_id, self.rules.ids.canonical(ballot_id))
            named = self.record(path) if path else None
            scoped = [b for b in self.checked_ballots if b.id == ballot_id]
            files = {b.file for b in scoped}
            if isinstance(named, Ballot) and named.id == ballot_id and named.file not in files:
                scoped.append(named)
            return sorted(scoped, key=lambda b: b.file)
        if self._by_id is None:
            self._by_id = {}
            for ballot in self.ballots:
                if ballot.id:
                    self._by_id.setdefault(ballot.id, []).append(ballot)
        return self._by_id.get(ballot_id, [])

    def meeting_dates(self) -> set[str]:
        """The date of every meeting that loaded."""
        if self._meeting_dates is None:
            self._meeting_dates = {m.data.get("date") for m in self.meetings}
        return self._meeting_dates

    def has_meeting_on(self, day: str) -> bool:
        """Whether a meeting was held on `day`; a lazy index reads the files named for it."""
        if self._meetings is None:
            log = self.meeting_log
            if isinstance(log, LazyMeetingLog) and log.held_on(day):
                return True
        return day in self.meeting_dates()

    def is_voting_member(self, name: str | None) -> bool | None:
        """Whether the named organization is in a voting class: None when the roster does not
        know it or its class."""
        if self._voting_of != (id(self.rules), id(self.roster)):
            self._voting.clear()  # remembered answers hold for one rules and roster
            self._voting_of = (id(self.rules), id(self.roster))
        if name in self._voting:
            return self._voting[name]
        org = self.roster.org(name)
        if org is None or org.member_class is None:
            answer = None
        else:
            cls = self.rules.classes.get(org.member_class)
            answer = bool(cls and cls.votes)
        if name is not None:
            self._voting[name] = answer
        return answer

    def meetings_sorted(self) -> list[Meeting]:
        """Every meeting, by date (brief ones in a brief index)."""
        if self.brief:
            return sorted(self.meetings, key=lambda m: (m.date, m.file))
        return self.meeting_log.meetings

    @property
    def meeting_log(self) -> MeetingLog:
        """Meetings by date, for quorum look-ups: built once. A lazy index reads only the
        meetings that a look-up returns."""
        if self._meeting_log is None:
            if self._meetings is None or self.brief:
                self._meeting_log = LazyMeetingLog(self)
            else:
                self._meeting_log = MeetingLog(self._meetings)
        elif (
            self._meetings is not None
            and not self.brief
            and (
                isinstance(self._meeting_log, LazyMeetingLog)
                or len(self._meeting_log.meetings) != len(self._meetings)  # one was added
            )
        ):
            self._meeting_log = MeetingLog(self._meetings)
        return self._meeting_log

