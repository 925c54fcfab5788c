//! Maildir++ on disk: unique file names, the info suffix (`:2,FLAGS`), atomic
//! delivery (tmp → new, fsynced) and moves that never overwrite. Every
//! directory is made 0700 so that Dovecot hard-links between folders and into
//! the lazy_expunge tree instead of re-saving (DOVECOT.md, pitfall 1).

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// One message file as named in `new/` or `cur/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    /// The name up to the info suffix: what Dovecot's uidlist keys on.
    pub base: String,
    /// The flags after `:2,` (None: no info suffix, as in `new/`).
    pub flags: Option<String>,
}

impl FileName {
    pub fn parse(name: &str) -> Option<FileName> {
        if name.starts_with('.') || name.is_empty() {
            return None;
        }
        Some(match name.split_once(":2,") {
            Some((base, flags)) => FileName { base: base.to_string(), flags: Some(flags.to_string()) },
            None => FileName { base: name.to_string(), flags: None },
        })
    }

    pub fn full(&self) -> String {
        match &self.flags {
            Some(flags) => format!("{}:2,{flags}", self.base),
            None => self.base.clone(),
        }
    }

    /// `cur` for a file with an info suffix, `new` otherwise (Dovecot's rule).
    pub fn sub(&self) -> &'static str {
        if self.flags.is_some() {
            "cur"
        } else {
            "new"
        }
    }

    pub fn seen(&self) -> bool {
        self.flags.as_deref().is_some_and(|f| f.contains('S'))
    }

    /// The size Dovecot wrote into the name (`,S=`), if any.
    pub fn size(&self) -> Option<i64> {
        self.base.split(',').skip(1).find_map(|part| part.strip_prefix("S=")?.parse().ok())
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The uid and gid every directory and file of the store gets when this
/// process runs as root (Dovecot refuses to give uid 0 mail); None: the
/// process's own.
static OWNER: std::sync::OnceLock<(u32, u32)> = std::sync::OnceLock::new();

pub fn set_owner(uid: u32, gid: u32) {
    let _ = OWNER.set((uid, gid));
}

/// Gives `path` to the store's owner, if one is set.
pub(crate) fn own(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Some((uid, gid)) = OWNER.get() {
        std::os::unix::fs::chown(path, Some(*uid), Some(*gid))?;
    }
    Ok(())
}

/// A fresh unique base name in the usual form `<secs>.M<usec>P<pid>Q<n>.<host>,S=<size>`.
pub fn unique_base(size: u64) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed) + 1;
    format!("{}.M{}P{}Q{n}.{},S={size}", now.as_secs(), now.subsec_micros(), std::process::id(), host())
}

/// The host name with `/` and `:` escaped as Maildir asks.
pub(crate) fn host() -> &'static str {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let raw = fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| fs::read_to_string("/etc/hostname"))
            .unwrap_or_else(|_| "postroom".into());
        let raw = raw.trim();
        let raw = if raw.is_empty() { "postroom" } else { raw };
        raw.replace('/', "\\057").replace(':', "\\072").replace(',', "\\054")
    })
}

/// Creates `dir` and its `cur`, `new`, `tmp` (and missing parents), all 0700.
pub fn create_folder(dir: &Path) -> io::Result<()> {
    for sub in ["cur", "new", "tmp"] {
        create_dir_all_0700(&dir.join(sub))?;
    }
    Ok(())
}

/// Creates `dir` and its missing parents, each 0700 and given to the store's owner.
pub fn create_dir_all_0700(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_all_0700(parent)?;
    }
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(dir) {
        Ok(()) => own(dir),
        // Made meanwhile by another delivery: fine.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes a message into `folder/new` the Maildir way: the whole file into
/// `tmp/`, fsynced, renamed into `new/`, the directory fsynced. Returns the
/// file name. A crash leaves at most a stray file in `tmp/`, never a partial
/// message in `new/`.
pub fn deliver(folder: &Path, message: &[u8]) -> io::Result<FileName> {
    create_folder(folder)?;
    let name = FileName { base: unique_base(message.len() as u64), flags: None };
    let tmp = folder.join("tmp").join(&name.base);
    let result = (|| {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        own(&tmp)?;
        file.write_all(message)?;
        file.sync_all()?;
        drop(file);
        rename_new(&tmp, &folder.join("new").join(&name.base))?;
        sync_dir(&folder.join("new"))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|()| name)
}

/// rename() that refuses to replace an existing file (rename() itself would,
/// silently). The check and the rename are not one step, but every writer of
/// a name makes it unique first.
pub fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    if to.symlink_metadata().is_ok() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{} exists", to.display())));
    }
    fs::rename(from, to)
}

/// Writes a small file whole (aside, then renamed over), owned like the store.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    fs::write(&tmp, contents)?;
    own(&tmp)?;
    fs::rename(&tmp, path)
}

pub fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// The message files of a folder: (`new` or `cur`, file name).
pub fn list(folder: &Path) -> io::Result<Vec<(&'static str, FileName)>> {
    let mut files = Vec::new();
    for sub in ["new", "cur"] {
        let entries = match fs::read_dir(folder.join(sub)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            if let Some(name) = entry.file_name().to_str().and_then(FileName::parse) {
                files.push((sub, name));
            }
        }
    }
    Ok(files)
}

/// Nanoseconds of the last change of `new/` and `cur/` (None: missing): when
/// neither moved, the folder's files are as they were.
pub fn stamps(folder: &Path) -> (Option<i64>, Option<i64>) {
    let stamp = |sub: &str| fs::metadata(folder.join(sub)).ok().and_then(|m| mtime_ns(&m));
    (stamp("new"), stamp("cur"))
}

pub fn mtime_ns(meta: &fs::Metadata) -> Option<i64> {
    let t = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(t.as_nanos() as i64)
}

/// The inode change time, seconds: for a file in the lazy_expunge tree, when
/// it was expunged (a hard link or a re-save both set it).
pub fn ctime(meta: &fs::Metadata) -> i64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::ctime(meta)
    }
    #[cfg(not(unix))]
    {
        meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_secs() as i64).unwrap_or(0)
    }
}

/// Removes a directory tree; a missing one is fine.
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let n = FileName::parse("1795421428.M842405P1033Q1.vm,S=208:2,FS").expect("name");
        assert_eq!(n.base, "1795421428.M842405P1033Q1.vm,S=208");
        assert_eq!(n.size(), Some(208));
        assert!(n.seen());
        assert_eq!(n.sub(), "cur");
        let n = FileName::parse("1795421447.M86041P1451.vm,S=186,W=193").expect("name");
        assert_eq!(n.size(), Some(186));
        assert!(!n.seen());
        assert_eq!(n.sub(), "new");
        assert_eq!(FileName::parse(".hidden"), None);
    }

    #[test]
    fn delivery_is_tmp_then_new() {
        let dir = tempfile::tempdir().expect("temp");
        let folder = dir.path().join("joe");
        let name = deliver(&folder, b"Subject: x\r\n\r\nbody").expect("deliver");
        assert_eq!(fs::read(folder.join("new").join(&name.base)).expect("read"), b"Subject: x\r\n\r\nbody");
        assert_eq!(fs::read_dir(folder.join("tmp")).expect("tmp").count(), 0);
        assert_eq!(name.size(), Some(18));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&folder).expect("meta").permissions().mode() & 0o777, 0o700);
        }
        let other = deliver(&folder, b"x").expect("deliver");
        assert_ne!(other.base, name.base);
        assert!(rename_new(&folder.join("new").join(&other.base), &folder.join("new").join(&name.base)).is_err());
    }
}
