"""Submission archives: honest ones verify; every hostile one is refused with its reason, and
nothing is written anywhere while reading them."""

import io
import json
import tarfile

import pytest

from maillab.instructor import archive, submissions
from tests import hostile


def _files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_honest_archive_verifies(tmp_path):
    path = tmp_path / "ann.tar.gz"
    path.write_bytes(hostile.honest("ann"))
    sub = submissions.read(path)
    assert sub.manifest.student == "ann" and sub.lab.id == "dovecot-ssl"
    conf = next(m for m in sub.members if m.path == "/etc/dovecot/dovecot.conf")
    assert conf.data == hostile.CONF and conf.kind == "file"
    assert sub.manifest.files["/etc/dovecot/dovecot.conf"] == archive.sha256(hostile.CONF)
    assert not sub.notes


def test_layer_keeps_owner_and_mode_and_drops_setuid(tmp_path):
    source = hostile.source_tar({"etc/dovecot/ssl/key.pem": (b"KEY", 0o4600)})
    data, _ = archive.pack(source, "dovecot-ssl", "x", "ann")
    path = tmp_path / "ann.tar.gz"
    path.write_bytes(data)
    sub = submissions.read(path)
    assert sub.notes == ["the lab has changed since this work was packed"]
    with tarfile.open(fileobj=io.BytesIO(submissions.layer(sub.members))) as tar:
        key = tar.getmember("etc/dovecot/ssl/key.pem")
        assert (key.mode, key.uid, key.gid) == (0o600, 0, 0)
        assert tar.extractfile(key).read() == b"KEY"
        assert all(not m.name.startswith(("/", "files/")) and ".." not in m.name for m in tar.getmembers())


@pytest.mark.parametrize("name", sorted(hostile.HOSTILE))
def test_hostile_archive_is_invalid_and_writes_nothing(tmp_path, name):
    data, words = hostile.HOSTILE[name]()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / f"{name}.tar.gz"
    path.write_bytes(data)
    before = _files_under(tmp_path)
    with pytest.raises(submissions.Invalid) as caught:
        submissions.read(path)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _files_under(tmp_path) == before
    assert not (tmp_path.parent / hostile.CANARY).exists()


def test_gzip_bomb_is_refused_by_ratio_below_the_size_limit(tmp_path):
    data, _ = hostile.gzip_bomb(size=6 << 20)
    path = tmp_path / "small-bomb.tar.gz"
    path.write_bytes(data)
    with pytest.raises(submissions.Invalid, match="compression ratio"):
        submissions.read(path)


def test_member_below_an_image_symlink_is_found():
    member = submissions.Member("/etc/alternatives/x/evil", "file", 0o644, 0, 0, b"")
    reason = submissions.written_through([member], {"/etc/alternatives/x"})
    assert reason and "the image's symlink /etc/alternatives/x" in reason
    assert submissions.written_through([member], {"/etc/other"}) is None


def test_manifest_with_bad_student_is_invalid(tmp_path):
    manifest = hostile.manifest_for({"/etc/dovecot/dovecot.conf": hostile.CONF}, student="<script>")
    data = hostile.build([hostile._entry("files/etc/dovecot/dovecot.conf", hostile.CONF)], manifest)
    path = tmp_path / "x.tar.gz"
    path.write_bytes(data)
    with pytest.raises(submissions.Invalid, match=r"manifest\.json is not valid"):
        submissions.read(path)


def test_pack_writes_manifest_with_every_file_hash():
    data, manifest = archive.pack(hostile.source_tar({"etc/dovecot/b.conf": (b"b", 0o600)}), "dovecot-ssl", "h", "bo")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        stored = json.loads(tar.extractfile(archive.MANIFEST).read())
        assert tar.getnames()[0] == archive.MANIFEST
    assert stored["files"] == {
        "/etc/dovecot/dovecot.conf": archive.sha256(hostile.CONF),
        "/etc/dovecot/b.conf": archive.sha256(b"b"),
    }
    assert stored == manifest.model_dump()
