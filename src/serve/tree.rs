//! The processes the emulator starts, caught whole: on Linux the emulator is a child subreaper
//! (`PR_SET_CHILD_SUBREAPER`), so what a function or COMMAND leaves behind when its parent exits, even in a session of
//! its own (`setsid`), becomes the emulator's child instead of init's; a function's whole tree is killed at its
//! timeout, and every descendant at the emulator's exit, found through /proc. Orphans that end are reaped here, and
//! only they: a child whose pid tokio is waiting for is registered while it is spawned, so its status stays tokio's.
//!
//! A cgroup would catch a tree without /proc, but creating one needs a delegated cgroup v2 subtree, which a user's
//! shell or a CI job rarely has.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

/// The pids tokio spawned and waits for (functions' `sh`, COMMAND): never reaped here.
static SPAWNED: Mutex<Option<HashSet<i32>>> = Mutex::new(None);

fn spawned() -> MutexGuard<'static, Option<HashSet<i32>>> {
    SPAWNED.lock().unwrap_or_else(|p| p.into_inner())
}

/// Makes the emulator the reaper of its descendants' orphans (Linux; elsewhere orphans go to init as before).
pub fn become_subreaper() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_CHILD_SUBREAPER) sets a flag of this process; no memory is passed.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}

/// Spawns with the registry locked, so the reaper cannot take the child's status before its pid is registered.
pub fn spawn<T>(start: impl FnOnce() -> std::io::Result<T>, pid: impl Fn(&T) -> Option<u32>) -> std::io::Result<T> {
    let mut registry = spawned();
    let child = start()?;
    if let Some(id) = pid(&child) {
        registry.get_or_insert_with(HashSet::new).insert(id as i32);
    }
    Ok(child)
}

/// The child was waited for (or given up): its pid is no longer tokio's.
pub fn forget(pid: i32) {
    if let Some(registry) = spawned().as_mut() {
        registry.remove(&pid);
    }
}

/// The variable that marks a call's processes (`YR_SERVE_CALL=N`): an orphan handed to the emulator is no longer in
/// its call's tree, and the mark, inherited, says which call it came from.
pub const MARK: &str = "YR_SERVE_CALL";

/// Kills `pid`'s process group and every process descended from it, whatever session or group it moved to, and the
/// orphans handed to the emulator that carry `mark` (the value of MARK), with theirs.
pub fn kill_tree(pid: i32, mark: &str) {
    // Found before anything is killed: a killed parent's children go to the emulator and leave its tree.
    let parents = parents();
    let mut descendants = descendants(pid, &parents);
    let me = std::process::id() as i32;
    let wanted = format!("{MARK}={mark}");
    for (&orphan, _) in parents.iter().filter(|&(&child, &parent)| parent == me && child != pid) {
        let environ = std::fs::read(format!("/proc/{orphan}/environ")).unwrap_or_default();
        if environ.split(|&b| b == 0).any(|var| var == wanted.as_bytes()) {
            descendants.push(orphan);
            descendants.extend(self::descendants(orphan, &parents));
        }
    }
    // SAFETY: kill(2) signals processes; no memory is touched.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
        for descendant in descendants {
            libc::kill(descendant, libc::SIGKILL);
        }
    }
}

/// At exit: kills every process descended from the emulator.
pub fn kill_all() {
    let me = std::process::id() as i32;
    for descendant in descendants(me, &parents()) {
        // SAFETY: as in kill_tree.
        unsafe {
            libc::kill(descendant, libc::SIGKILL);
        }
    }
}

/// Reaps the emulator's children that have ended and that tokio does not wait for: orphans handed to it.
pub fn reap_orphans() {
    let registry = spawned();
    for pid in own_children() {
        let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| parse_stat(&stat))
            .is_some_and(|(_, zombie)| zombie);
        if zombie && !registry.as_ref().is_some_and(|r| r.contains(&pid)) {
            let mut status = 0;
            // SAFETY: waitpid(2) on a child of ours that is not tokio's; WNOHANG never blocks.
            unsafe {
                libc::waitpid(pid, &mut status, libc::WNOHANG);
            }
        }
    }
}

/// The emulator's children: from /proc/self/task/*/children where the kernel has it (a SIGCHLD then costs a few
/// reads, not a walk of every process), else from every process's parent.
fn own_children() -> Vec<i32> {
    let listed: Option<Vec<i32>> = std::fs::read_dir("/proc/self/task").ok().and_then(|tasks| {
        let mut all = Vec::new();
        for task in tasks.flatten() {
            let text = std::fs::read_to_string(task.path().join("children")).ok()?;
            all.extend(text.split_whitespace().filter_map(|pid| pid.parse::<i32>().ok()));
        }
        Some(all)
    });
    listed.unwrap_or_else(|| {
        let me = std::process::id() as i32;
        parents()
            .into_iter()
            .filter(|&(_, parent)| parent == me)
            .map(|(pid, _)| pid)
            .collect()
    })
}

fn parents() -> HashMap<i32, i32> {
    processes()
        .into_iter()
        .map(|(pid, (parent, _))| (pid, parent))
        .collect()
}

/// Every process on the machine: pid → (parent pid, whether it is a zombie), from /proc/PID/stat.
fn processes() -> HashMap<i32, (i32, bool)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return HashMap::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            parse_stat(&stat).map(|parsed| (pid, parsed))
        })
        .collect()
}

/// `PID (COMM) STATE PPID …`: COMM may hold spaces and parentheses, so the fields are read after its last `)`.
fn parse_stat(stat: &str) -> Option<(i32, bool)> {
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace();
    let state = fields.next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((parent, state == "Z"))
}

/// The processes below `root` in `parents` (pid → parent pid), root excluded.
fn descendants(root: i32, parents: &HashMap<i32, i32>) -> Vec<i32> {
    let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
    for (&pid, &parent) in parents {
        children.entry(parent).or_default().push(pid);
    }
    let mut found = HashSet::new();
    let mut next = vec![root];
    while let Some(pid) = next.pop() {
        for &child in children.get(&pid).map(Vec::as_slice).unwrap_or_default() {
            // A pid seen twice would mean a loop in a /proc read mid-change; never walk it again.
            if child != root && found.insert(child) {
                next.push(child);
            }
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_and_trees() {
        assert_eq!(parse_stat("42 (sh) S 7 42 42 0 -1"), Some((7, false)));
        assert_eq!(parse_stat("43 (a) b (c)) Z 1 43"), Some((1, true)));
        assert_eq!(parse_stat("garbage"), None);
        let parents: HashMap<i32, i32> = [(10, 1), (11, 10), (12, 11), (13, 1), (14, 12)].into();
        let mut below = descendants(10, &parents);
        below.sort_unstable();
        assert_eq!(below, [11, 12, 14]);
        assert!(descendants(13, &parents).is_empty());
    }
}
